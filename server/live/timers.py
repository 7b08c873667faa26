"""Turn deadlines: every process looks for rooms whose deadline has passed and applies the
rules' default action through the ordinary commit, so it happens exactly once (a second process
finds the turn already over: its Timeout is stale) and survives restarts (deadlines are
absolute times in Redis)."""

from __future__ import annotations

import asyncio
import logging

from redis.exceptions import RedisError

from server.engine import EngineError
from server.engine.commands import Timeout
from server.live.commit import Conflict
from server.live.hub import Hub
from server.live.loading import now_ms

log = logging.getLogger("brink.timers")


async def expire_due(hub: Hub) -> int:
    """Apply the default action in every room whose deadline has passed; return how many."""
    applied = 0
    for code, deadline in await hub.store.due(now_ms()):
        room = await hub.room(code)
        if room is None:
            await hub.redis.zrem("brink:timers", code)
            continue
        try:
            # The turn Redis holds with the deadline, not this copy's: if the room has moved on
            # since, the engine refuses the Timeout as stale instead of ending a fresh turn.
            await hub.submit(room, "system", Timeout(turn=await hub.store.turn(code)))
            applied += 1
        except (EngineError, Conflict) as error:
            log.debug("timeout in %s not applied: %s", code, error)
            if await hub.store.deadline(code) == deadline:
                # The room is current and still refuses: nothing to wait for any more.
                await hub.redis.zrem("brink:timers", code)
    return applied


async def run_timers(hub: Hub, interval: float) -> None:
    """Check deadlines every `interval` seconds until cancelled."""
    while True:
        try:
            await expire_due(hub)
        except RedisError as error:
            hub.metrics.redis_errors.inc()
            log.warning("timer check failed: %s", error)
        await asyncio.sleep(interval)
