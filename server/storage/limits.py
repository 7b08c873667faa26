"""Counters for rate limits, shared by every server process: fixed windows in Redis.

    brink:limit:{name}:{who}:{window}   string   requests counted in that window (INCR)

`window` is the number of whole windows since the epoch, so every process that counts the same
`who` in the same window increments the same key, and a new window starts a new key. Each key
expires a second after its window ends: nothing needs cleaning up.
"""

from __future__ import annotations

import math
import time

from redis.asyncio import Redis

PREFIX = "brink:limit"


def window_key(name: str, who: str, window: float, now: float) -> str:
    """Return the key that counts `who`'s `name` requests in the window holding `now`."""
    return f"{PREFIX}:{name}:{who}:{math.floor(now / window)}"


async def count(redis: Redis, name: str, who: str, window: float, now: float | None = None) -> int:
    """Count one more request by `who` in the current window of `window` seconds; return how
    many there have been in it, this one included. One round trip (INCR then PEXPIRE, one
    pipeline: INCR is exact across processes, and the key's expiry is set again by each)."""
    now = time.time() if now is None else now
    key = window_key(name, who, window, now)
    async with redis.pipeline(transaction=False) as pipe:
        pipe.incr(key)
        pipe.pexpire(key, math.ceil(window * 1000) + 1000)
        counted, _ = await pipe.execute()
    return int(counted)


async def counted(
    redis: Redis, name: str, who: str, window: float, now: float | None = None
) -> int:
    """Return how many of `who`'s `name` requests the current window holds (counting none)."""
    now = time.time() if now is None else now
    found = await redis.get(window_key(name, who, window, now))
    return int(found or 0)
