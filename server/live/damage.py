"""A room whose log in Redis no longer lines up: entries missing, or its position `n` and its
stream disagreeing (deleted by hand, or commits Redis lost). Such a room cannot go on: it is
found where its reads and writes already fail — a gap in what is folded in, the commit's XADD
refused, a refused commit with nothing to catch up on — never by an extra read on a move's path
(docs/redis.md §13). Once found, the copy refuses joins and changes (`broken_log`,
docs/protocol.md §21) until it is released; the process's other rooms go on."""

from __future__ import annotations

import logging

from server.live.rooms import Room
from server.storage.store import BrokenLog, Store

log = logging.getLogger("brink.hub")


def found(room: Room, error: BrokenLog) -> BrokenLog:
    """Mark the copy broken and say so in the log (once per copy); return `error` to raise."""
    if room.broken is None:
        log.error("%s: it cannot go on (refused from now on: broken_log)", error)
    room.broken = error.problem
    return error


def check(room: Room) -> None:
    """Refuse at once what needs a copy already found broken."""
    if room.broken is not None:
        raise BrokenLog(room.code, room.broken)


async def lined_up(store: Store, room: Room) -> None:
    """A commit was refused (Redis's `n` was not the copy's) and the log holds nothing past the
    copy's position: unless Redis's `n` is the copy's after all (or the room is gone), the log
    and `n` disagree. One read, only on this path."""
    n = await store.position(room.code)
    if n >= 0:
        agrees(room, n)


def agrees(room: Room, n: int) -> None:
    """Raise BrokenLog (marking the copy) unless `n`, Redis's position for the room, is where
    the copy read its log up to (the copy up to date: nothing past it to read)."""
    if n > room.n:
        problem = f"its n is {n} but its log holds nothing past position {room.n}"
    elif n < room.n:
        problem = (
            f"its n is {n}, behind its log or this server's copy (at position {room.n}): "
            "entries deleted and n set back, or commits Redis lost"
        )
    else:
        return
    raise found(room, BrokenLog(room.code, problem))
