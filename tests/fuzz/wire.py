"""Fuzzing the websocket protocol: what to send (hypothesis strategies) and a harness that sends
it to a live game over real sockets and judges every answer.

Used by tests/fuzz/test_protocol.py (a CI budget) and bench/fuzz.py (the long run).
This module gathers what they import from its parts: fuzz/expected.py (what the protocol
promises: limits, replies, documented codes), fuzz/frames.py and fuzz/garbage.py (what is sent),
fuzz/harness.py and fuzz/fuzzer.py (the harness).

What is sent (`FRAMES`, a `Frame` each): random bytes (binary frames, and bytes that are not
UTF-8 in a text frame), text that is not JSON, JSON of the wrong shape (arrays, numbers, null at
the top; the right `type` with fields of the wrong type, missing or extra), huge values (long
integers, strings just under and over the 16 KiB limit and the 1 MiB one, long arrays), unicode
(escaped lone surrogates, RTL and zero-width marks, emoji, NUL), deep nesting (to 12,000 levels),
and well-formed messages that are wrong for the moment: acts from the wrong seat or with a stale
proposal, a previous act replayed with its id, resumes with another room's token, random room
codes. Each frame comes from one `sender`: a fresh socket (no hello yet), a greeted outsider,
the spectator, the instructor, a team-role seat, or a second socket of either side.

How each answer is judged (`Fuzzer.probe`): an answer arrives; it is an `error` whose code is one of
docs/protocol/21-errors.md §21 (never `internal`) and whose `id` follows §2, or the reply that
request has when it is legitimate; the connection stays open, except for a frame of 1 MiB or more
(1009) and a text frame that is not UTF-8 (1007, as RFC 6455 requires); a refused message changes
nothing: not the rooms in Redis (the watched rooms' every key, dumped; which rooms exist), not what
the seated players and the spectator have seen (their log position, view and presence); and the
server logged nothing at ERROR (an unhandled exception).
"""

from __future__ import annotations

from fuzz.expected import (
    HELLO,
    MAX_INT_DIGITS,
    MIB,
    NO_ECHO,
    REPLIES,
    ROOM_KEYS,
    SENDERS,
    documented_codes,
)
from fuzz.frames import REPLAYED, REQUESTS, WELL_FORMED, Frame
from fuzz.fuzzer import Fuzzer
from fuzz.garbage import FRAMES, GARBAGE
from fuzz.harness import ErrorLog, Outcome, Socket, Table, Tally

__all__ = [
    "FRAMES",
    "GARBAGE",
    "HELLO",
    "MAX_INT_DIGITS",
    "MIB",
    "NO_ECHO",
    "REPLAYED",
    "REPLIES",
    "REQUESTS",
    "ROOM_KEYS",
    "SENDERS",
    "WELL_FORMED",
    "ErrorLog",
    "Frame",
    "Fuzzer",
    "Outcome",
    "Socket",
    "Table",
    "Tally",
    "documented_codes",
]
