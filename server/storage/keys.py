"""Every Redis key and channel name, in one place (docs/redis.md lists them with their expiry).

A room's keys share the hash tag `{CODE}`, so in a Redis Cluster they live on one node and the
commit script may touch all of them; the few keys every process shares (the timer index, the
quick-match queues, the process list) share the tag `{brink}`. A script never touches keys of
two tags.
"""

from __future__ import annotations

ROOM_TTL = 24 * 3600
"""Seconds a room's keys live after its last change while the game goes on."""
FINISHED_TTL = 7 * 24 * 3600
"""Seconds a finished game's keys live (for replays; the archive on disk keeps it after)."""
RULES_TTL = FINISHED_TTL + ROOM_TTL
"""Seconds a ruleset outlives the last room made or loaded with it, or game kept with it: a
game's record (FINISHED_TTL) needs its rules, renewed up to RULES_AGAIN before it was kept."""
RULES_AGAIN = 3600.0
"""Seconds before a process SETs a ruleset it stored again when a room is made, or renews it
when a game is kept (Games.keep; written again if gone): at most hourly, not with every room
or game. Renewed RULES_AGAIN before a game's end at the latest, the rules still outlive its
record by ROOM_TTL - RULES_AGAIN (23 h)."""
PROCESS_TIMEOUT_MS = 5000
"""A process not heard from for this long is dead: its presence and tickets are swept."""
MATCH_TTL = 120
"""Seconds a quick match made for a waiting ticket is kept for its process to pick up."""

SEAT_FIELD = "seat:"
"""A room's meta hash field `seat:SEAT` holds the hash of the token that holds that seat."""
TOKEN_FIELD = "token:"
"""… `token:HASH` the seat the token with that hash holds, HASH its first TOKEN_CHARS hex digits
(`token_field`; the scripts' `TOKEN_FIELD_LUA`)."""
TOKEN_CHARS = 32
"""Hex digits of a token's hash in its `token:` field's name (128 bits): a full one (64) made a
field of 70 bytes, past the 64 that Redis keeps a small hash compact for, and the meta hash of a
room with two seats took twice the memory."""


def token_field(hashed: str) -> str:
    """Return the meta hash's field that names the seat held by the token with this hash."""
    return TOKEN_FIELD + hashed[:TOKEN_CHARS]


TOKEN_FIELD_LUA = f"""
-- `token_field` (keys.py) for the scripts: a token's field in a room's meta, from its hash.
local function token_field(hashed)
  return '{TOKEN_FIELD}' .. string.sub(hashed, 1, {TOKEN_CHARS})
end
"""


NAME_FIELD = "name:"
"""… `name:SEAT` the display name of the seat's holder (storage/seats.py)."""
FRESH_FIELD = "fresh:"
"""… `fresh:SEAT` ("1") while a seat given on (`REPLACE_SEAT`) waits for its new holder's first
connection (deleted when one is counted: liveness.PRESENCE; and by `FREE_SEAT`)."""
LAYOUT = "{brink}:layout"
"""The layout the keys are in ("2": a room's seats in its meta hash), once every room written by
an older version has been carried across (storage/layout.py)."""

GAMES = "{brink}:games"
"""Finished games by the time they ended (ms): the index `GET /api/games` lists."""
GAME_SUMMARIES = "{brink}:game-summaries"
"""Finished game -> its summary (JSON): scenario, names, outcome, who may open it."""
TIMERS = "{brink}:timers"
TIMER_POSITIONS = "{brink}:timer-positions"
PROCESSES = "{brink}:processes"


def room(code: str, part: str = "") -> str:
    """Return the key of a room's hash (`part` empty) or of one of its parts."""
    return f"brink:room:{{{code}}}" + (f":{part}" if part else "")


def rules(rules_hash: str) -> str:
    return f"brink:rules:{rules_hash}"


def queue(scenario: str) -> str:
    return f"{{brink}}:queue:{scenario}"


def process_rooms(origin: str) -> str:
    """The rooms where process `origin` counts presence or that it holds (swept if it dies)."""
    return f"{{brink}}:process:{origin}:rooms"


def match(ticket: str) -> str:
    return f"{{brink}}:match:{ticket}"


def ticket_channel(ticket: str) -> str:
    return f"brink:ticket:{ticket}"


def class_channel(code: str) -> str:
    """A class session's channel (storage/classes.py): its changes, what its students hear."""
    return f"brink:class:{code}"


# ---------------------------------------------------------------- presenting a replay to a class
PRESENT_TTL = 6 * 3600
"""Seconds a presentation's grants (and the class's current step) live after its last step."""


def present_grant(hashed: str) -> str:
    """A grant a presenting instructor handed their class's followers (by the token's hash):
    JSON `{"class", "room", "viewer"}`, which opens that one game from that one view."""
    return f"{{brink}}:present:{hashed}"


def class_presenting(code: str) -> str:
    """Hash: `ROOM:VIEWER` -> the grant token handed out for it; `now` -> the step presented
    last (the `presented` message), for a student who comes in late."""
    return f"{{brink}}:class:{code}:presenting"


RULES_LEFT_OUT = '"rules":{}'
"""A kept record's header with its rules left out: they are under brink:rules:{hash} (once for
every game of those rules: ~65 KB of a game's ~90), put back when the record is read."""
