"""A room whose log in Redis no longer lines up: entries missing, or its position `n` and its
stream disagreeing (deleted by hand, or commits Redis lost). Such a room cannot go on: it is
found where its reads and writes already fail — a gap in what is folded in, the commit's XADD
refused, a refused commit with nothing to catch up on, a load whose `n` is not where the log
ends — never by an extra read on a move's path (docs/redis/13-known-gaps.md §13). Once found, the
copy refuses joins and changes (`broken_log`, docs/protocol/21-errors.md §21), and what is wrong in
Redis's own data is noted in the room's meta (`broken`), so that every process refuses the room when
it loads it; the process's other rooms go on."""

from __future__ import annotations

import contextlib
import logging

from redis.exceptions import RedisError

from server.live.rooms import Room
from server.storage.store import BrokenLog, Store

log = logging.getLogger("brink.hub")


async def found(store: Store, room: Room, error: BrokenLog, lasting: bool = True) -> BrokenLog:
    """Mark the copy broken and say so in the log (once per copy); return `error` to raise.
    `lasting`: what is wrong lies in Redis's data itself (not only against this copy), and the
    room's meta is marked too."""
    if room.broken is None:
        log.error("%s: it cannot go on (refused from now on: broken_log)", error)
    room.broken = error.problem
    if lasting:
        with contextlib.suppress(RedisError, OSError):  # this copy refuses it all the same
            await store.mark_broken(room.code, error.problem)
    return error


def check(room: Room) -> None:
    """Refuse at once what needs a room already found broken."""
    if room.broken is not None:
        raise BrokenLog(room.code, room.broken)


async def lined_up(store: Store, room: Room) -> None:
    """A commit was refused (Redis's `n` was not the copy's) and the log holds nothing past the
    copy's position: unless Redis's `n` is the copy's after all (or the room is gone), the log
    and `n` disagree. Read only on this path: `n`, and (`n` behind the copy) the log's last id,
    which tells entries deleted and `n` set back from commits Redis lost."""
    n = await store.position(room.code)
    if n > room.n:
        problem = f"its n is {n} but its log holds nothing past position {room.n}"
        raise await found(store, room, BrokenLog(room.code, problem))
    if 0 <= n < room.n:
        behind = f"its n is {n}, behind this server's copy at position {room.n}"
        top = await store.log_top(room.code)
        if top > n:  # in Redis's data itself: its log has had ids past n
            problem = (
                f"{behind}, and its log has had entries up to {top}: entries deleted and n set back"
            )
            raise await found(store, room, BrokenLog(room.code, problem))
        # Only against this copy: commits Redis lost (a copy loaded afresh plays on from n).
        problem = f"{behind}, as is its log: commits Redis lost"
        raise await found(store, room, BrokenLog(room.code, problem), lasting=False)


async def loaded(store: Store, room: Room, n: int) -> None:
    """A room being loaded read its log up to `room.n` (caught up again if `n` was further on),
    and its meta says `n`: unless they agree, BrokenLog."""
    if n > room.n:
        problem = f"its n is {n} but its log holds nothing past position {room.n}"
    elif n < room.n:
        problem = f"its n is {n} but its log goes on to position {room.n}"
    else:
        return
    raise await found(store, room, BrokenLog(room.code, problem))
