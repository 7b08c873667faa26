"""Turn deadlines and process liveness, checked by every process's timer loop.

A room whose deadline has passed gets the rules' default action through the ordinary commit, so
it happens exactly once (a second process finds the turn already over: its Timeout is stale) and
survives restarts (deadlines are absolute times in Redis). The turn timed out is the one the
room's hash holds *with* the deadline that passed, read in one command: never a turn that began
after it. The same loop beats this process's heartbeat and sweeps processes that died.
"""

from __future__ import annotations

import asyncio
import logging

from redis.exceptions import RedisClusterException, RedisError

from server.engine import EngineError
from server.engine.commands import Timeout
from server.live import lifecycle, vacancy
from server.live.commit import Conflict
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol import Presence
from server.replay.visible import viewer_of
from server.ruleset.schema import SIDES
from server.storage.keys import PROCESS_TIMEOUT_MS
from server.storage.store import BrokenLog, Timing

log = logging.getLogger("brink.timers")
BEAT_EVERY_MS = 1000
UNWRITTEN_EVERY_MS = 30_000
"""How often the record files that could not be written (a full disk) are tried again."""


async def expire_due(hub: Hub) -> int:
    """Apply the default action in every room whose deadline has passed; return how many."""
    applied = 0
    now = now_ms()
    for code in await hub.live.due(now):
        timing = await hub.store.timing(code)
        if timing is None:  # the room has expired: out of the index
            await hub.live.unindex(code)
            continue
        if timing.deadline is None or timing.deadline > now:
            # The index is behind the room: set it right.
            await hub.live.schedule(code, timing.n, timing.deadline)
            continue
        try:
            applied += await _expire(hub, code, timing)
        except BrokenLog:  # logged where it was found (damage.py): no turn there can end
            await hub.live.schedule(code, timing.n, None)
        except (RedisError, RedisClusterException, OSError):
            raise  # Redis away (a node of a Cluster, a reset socket): the loop tries again
        except Exception:
            # A room that cannot be read or played (a bug, a damaged entry): out of the index,
            # so that the other rooms' turns still end (it stopped this process's timer loop).
            log.exception("room %s: its turn could not be timed out; its timer stops", code)
            await hub.live.schedule(code, timing.n, None)
    return applied


async def _expire(hub: Hub, code: str, timing: Timing) -> int:
    """Time out the room's turn that `timing` names (or pause or abandon the room); return
    how many turns timed out (0 or 1)."""
    room = await hub.room(code)
    if room is None:
        return 0
    if timing.paused:
        await lifecycle.abandon(hub, room)
        return 0
    try:
        if await lifecycle.nobody_plays(hub, room):
            await lifecycle.pause(hub, room, "nobody_here")
            return 0
        if (seat := await vacancy.owed(hub, room)) is not None:  # its player left meanwhile
            await vacancy.wait_for_seat(hub, room, seat)
            return 0
        await hub.submit(room, "system", Timeout(turn=timing.turn))
        return 1
    except (EngineError, Conflict) as error:
        log.debug("timeout in %s not applied: %s", code, error)
        again = await hub.store.timing(code)
        if again is not None and again.n == timing.n:
            # The room has not moved and still refuses: nothing to wait for any more.
            await hub.live.schedule(code, timing.n, None)
        return 0


async def sweep(hub: Hub, now: int) -> None:
    """Take away the connections of processes that died without a goodbye: tell their rooms
    which seats nobody holds any more."""
    for origin in await hub.live.dead(now):
        log.warning("process %s stopped answering; its connections are gone", origin)
        for code, seats in (await hub.live.forget(origin)).items():
            names = await hub.store.seats(code)
            for seat in seats:
                away = Presence(seat=seat, name=names.get(seat, ""), status="away")
                await hub.announce(code, away)


async def restore_presence(hub: Hub) -> None:
    """Count this process's players in their rooms again, tell the rooms they are here, and
    resume the rooms paused meanwhile for want of them. A room that fails (a damaged log, a
    bug, Redis failing on it) is logged and left: the process's other rooms are still counted
    (this runs once, after the sweep: a room left out would stay with its players away)."""
    log.warning("this process was taken for dead (a stall?): its players are counted again")
    for room in list(hub.rooms.values()):
        try:
            await _restore_room(hub, room)
        except RedisError as error:
            log.warning("room %s: its players could not be counted again: %s", room.code, error)
        except Exception:
            log.exception("room %s: its players could not be counted again", room.code)


async def _restore_room(hub: Hub, room: Room) -> None:
    """Count one room's players on this process again; resume it if it was paused for want
    of them."""
    # The sweep took it out of the room's holders too: held again, and what the others
    # committed meanwhile (not published to it) read from the log.
    await hub.hold_and_catch_up(room)
    players = 0
    for connection in list(room.connections):
        seat = connection.audience
        if viewer_of(seat) in SIDES:
            await hub.live.presence(room.code, seat, 1)
            names = await hub.store.seats(room.code)
            here = Presence(seat=seat, name=names.get(seat, ""), status="here")
            await hub.announce(room.code, here)
            players += 1
    if players:
        # Its players never left: a deadline that came while they were not counted paused
        # the room (nobody_here), as if they had; they are back, as a resume would say.
        try:
            await vacancy.seated(hub, room)
        except (Conflict, BrokenLog) as error:  # the room's next resume resumes it
            log.warning("room %s: could not resume it: %s", room.code, error)


def unheard_after(interval: float) -> int:
    """Milliseconds between two of this process's beats past which it was not heard from
    (Redis away or frozen, this process stalled): more than two beats' time."""
    return 2 * max(BEAT_EVERY_MS, int(interval * 1000))


async def run_timers(hub: Hub, interval: float) -> None:
    """Check deadlines every `interval` seconds, and beat and sweep every second, until
    cancelled."""
    last_beat = 0
    heard_since = 0  # since when this process has beaten without a gap
    failing = False  # said once, not at every check while Redis is away
    last_unwritten = now_ms()
    writing: asyncio.Task[None] | None = None
    try:
        while True:
            if hub.unwritten.codes and now_ms() - last_unwritten >= UNWRITTEN_EVERY_MS:
                # On the side: a disk that stalls holds up these files, not the turns'
                # timers.
                if writing is None or writing.done():
                    writing = asyncio.create_task(hub.write_unwritten())
                last_unwritten = now_ms()
            try:
                now = now_ms()
                if now - last_beat >= BEAT_EVERY_MS:
                    if await hub.live.beat(now) and last_beat:
                        # Swept as dead after a stall (or a clock jump): count our sockets
                        # again.
                        await restore_presence(hub)
                    if last_beat and now - last_beat > unheard_after(interval):
                        # Unheard for a while: so may the others have been, for the same
                        # reason (Redis away or frozen: they could not beat either). Their
                        # silence is judged once this process has been heard for a whole
                        # PROCESS_TIMEOUT_MS, when every live one has beaten again: a dead one
                        # is swept that much later. (A process just started judges at once:
                        # the processes of a server killed as a whole are swept before its
                        # rooms' due turns find them there.)
                        heard_since = now
                    if now - heard_since >= PROCESS_TIMEOUT_MS:
                        await sweep(hub, now)
                    last_beat = now
                await expire_due(hub)
            except RedisError as error:
                hub.metrics.redis_errors.inc()
                if not failing:
                    log.warning("timer check failed: %s; trying every %g s", error, interval)
                failing = True
            except Exception:  # a bug must not end every room's timers in this process
                if not failing:
                    log.exception("timer check failed; trying every %g s", interval)
                failing = True
            else:
                if failing:
                    log.warning("timer checks work again")
                failing = False
            await asyncio.sleep(interval)
    finally:
        # The files' pass ends with the loop: the server's own last pass (Hub.close) must not
        # find it still under way (it would skip the files), nor leave it on a closed Redis.
        if writing is not None and not writing.done():
            writing.cancel()
            await asyncio.wait({writing}, timeout=1)
