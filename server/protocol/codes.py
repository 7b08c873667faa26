"""Game codes: a room's (drawn from `CODE_ALPHABET`, 4 to 8 of its characters) and the historical
line's (`HISTORY_CODE`), and whether a text is one. Here, below the live rooms, the replay and
the clients, so that each checks a code the one way: the import of a record (its own code, the
game it was forked from), `brink games import` saying why a code was not kept."""

from __future__ import annotations

import zlib

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""The characters of a room's code: no I, L, O, 0 or 1 (read for one another)."""
HISTORY_CODE = "H2025"
"""The code the historical line is opened by (not a room code: rooms never contain 0 or 1…
but they may contain H, so this one is reserved by its length of 5 and the digits)."""
CODE_PATTERN = f"[{CODE_ALPHABET}]{{4,8}}"
"""A room's or a class's code as a regular expression (the protocol's `RoomCode`, `ClassCode`):
a code with I, L, O, 0 or 1 is malformed (`bad_message`), not a room that is not found."""
_ALPHABET = frozenset(CODE_ALPHABET)


def room_code(code: str) -> bool:
    """Whether `code` may be a room's code here: 4 to 8 of the code alphabet's characters (an
    imported record's own code may be anything — `../../x`, a name the game routes refuse —
    and names its record file), and not the historical line's."""
    return 4 <= len(code) <= 8 and set(code) <= _ALPHABET and code != HISTORY_CODE


def game_code(code: str) -> bool:
    """Whether `code` may name a game here: a room's code or the historical line's (what a
    record's `forked_from.code` may be: the web client opens `/api/games/CODE` from it)."""
    return room_code(code) or code == HISTORY_CODE


def home(code: str, workers: int) -> int:
    """The worker (0 to workers - 1) of `brink serve --workers N` that is room `code`'s home:
    where a player's room is made, and where a connection naming it is steered
    (server/web/steer.py)."""
    return zlib.crc32(code.upper().encode()) % workers
