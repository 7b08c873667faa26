"""Counters for rate limits, shared by every server process: fixed windows in Redis.

    brink:limit:{name}:{who}:{window}   string   requests (or bytes) counted in that window (INCRBY)

`window` is the number of whole windows since the epoch, so every process that counts the same
`who` in the same window increments the same key, and a new window starts a new key. A key
expires a window and a second after a process first counted in it (so between one second and a
window after its window ends): nothing needs cleaning up.

A count is one INCRBY: the key's expiry is set (PEXPIRE, in the same pipeline) only by a
process's first count of that key — and again whenever INCRBY returns just what it added, the
key being new after all (Redis restarted or lost it mid-window). Whoever makes a key so gives it
its expiry, and INCRBY is exact across processes. What this process has expired is remembered
(`Expiring`) only for the windows still going on.
"""

from __future__ import annotations

import math
import time

from redis.asyncio import Redis

PREFIX = "brink:limit"
REMEMBERED = 100_000
"""At most this many keys are remembered as expired (more, and they are all forgotten: each then
costs one PEXPIRE more)."""


def seconds_left(window: float, now: float) -> int:
    """Whole seconds until the current window of `window` seconds ends (at least 1): a
    refusal's Retry-After."""
    return max(1, math.ceil((math.floor(now / window) + 1) * window - now))


def window_key(name: str, who: str, window: float, now: float) -> str:
    """Return the key that counts `who`'s `name` requests in the window holding `now`."""
    return f"{PREFIX}:{name}:{who}:{math.floor(now / window)}"


class Expiring:
    """The window keys this process has given their expiry, with when each window ends (epoch
    seconds); past windows are dropped (looked for at most once a second)."""

    def __init__(self) -> None:
        self.ends: dict[str, float] = {}
        self._pruned = 0.0

    def __contains__(self, key: str) -> bool:
        return key in self.ends

    def add(self, key: str, end: float, now: float) -> None:
        if len(self.ends) >= REMEMBERED:
            self.ends.clear()
        self.ends[key] = end
        if now - self._pruned >= 1.0:
            self._pruned = now
            self.ends = {k: until for k, until in self.ends.items() if until > now}


EXPIRING = Expiring()
"""This process's memory of the keys it has expired."""


async def count(
    redis: Redis,
    name: str,
    who: str,
    window: float,
    now: float | None = None,
    expiring: Expiring = EXPIRING,
    by: int = 1,
) -> int:
    """Count one more request by `who` in the current window of `window` seconds (`by`: or
    that many units of it, bytes say); return how many there have been in it, this one
    included. One INCRBY — with its PEXPIRE, in one pipeline, when this process has not given
    the key its expiry yet; a PEXPIRE after it when INCRBY made the key (returned `by`)."""
    now = time.time() if now is None else now
    key = window_key(name, who, window, now)
    ttl_ms = math.ceil(window * 1000) + 1000
    if key in expiring:
        counted = int(await redis.incrby(key, by))
        if counted == by:  # made again: Redis restarted, or lost the key
            await redis.pexpire(key, ttl_ms)
        return counted
    async with redis.pipeline(transaction=False) as pipe:
        pipe.incrby(key, by)
        pipe.pexpire(key, ttl_ms)
        counted, _ = await pipe.execute()
    expiring.add(key, (math.floor(now / window) + 1) * window, now)
    return int(counted)


async def counted(
    redis: Redis, name: str, who: str, window: float, now: float | None = None
) -> int:
    """Return how many of `who`'s `name` requests the current window holds (counting none)."""
    now = time.time() if now is None else now
    found = await redis.get(window_key(name, who, window, now))
    return int(found or 0)


async def uncount(
    redis: Redis, name: str, who: str, window: float, now: float | None = None
) -> None:
    """Take back one request `count` counted in the window holding `now` (a reservation not
    used: a sign-in whose password was right). A key that had gone is not left at -1."""
    now = time.time() if now is None else now
    key = window_key(name, who, window, now)
    if int(await redis.decr(key)) < 0:
        await redis.delete(key)
