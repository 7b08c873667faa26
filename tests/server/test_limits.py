"""The rate limits' window counters (server/storage/limits.py) in a real Redis: exact across
processes, and each key given its expiry by a process's first count of it — or whenever the
count makes it again — not by every count."""

from __future__ import annotations

from redis.asyncio import Redis

from server.storage import limits
from server.storage.limits import Expiring, count, window_key

NOW = 1_800_000_030.0
WINDOW = 60.0
TTL_MS = 61_000


async def test_a_process_expires_a_window_key_with_its_first_count_only(redis: Redis) -> None:
    first, second = Expiring(), Expiring()  # two processes' memories
    key = window_key("rooms", "198.51.100.1", WINDOW, NOW)
    assert await count(redis, "rooms", "198.51.100.1", WINDOW, NOW, first) == 1
    assert TTL_MS - 1000 < await redis.pttl(key) <= TTL_MS
    await redis.pexpire(key, 5000)  # what a PEXPIRE with the next count would undo
    assert await count(redis, "rooms", "198.51.100.1", WINDOW, NOW + 1, first) == 2
    assert await redis.pttl(key) <= 5000, "the second count sent a PEXPIRE"
    # Another process's first count of it gives it its expiry (and counts on, exactly).
    assert await count(redis, "rooms", "198.51.100.1", WINDOW, NOW + 2, second) == 3
    assert await redis.pttl(key) > 5000
    assert await count(redis, "rooms", "198.51.100.1", WINDOW, NOW + 3, first) == 4
    assert await limits.counted(redis, "rooms", "198.51.100.1", WINDOW, NOW + 3) == 4


async def test_a_key_made_again_mid_window_gets_its_expiry_again(redis: Redis) -> None:
    """Redis restarted (without the key) or lost it: the count that makes it expires it."""
    seen = Expiring()
    key = window_key("rooms", "198.51.100.2", WINDOW, NOW)
    assert await count(redis, "rooms", "198.51.100.2", WINDOW, NOW, seen) == 1
    await redis.delete(key)
    assert await count(redis, "rooms", "198.51.100.2", WINDOW, NOW + 1, seen) == 1
    assert TTL_MS - 1000 < await redis.pttl(key) <= TTL_MS, "left without an expiry"


async def test_only_the_windows_still_going_on_are_remembered(redis: Redis) -> None:
    seen = Expiring()
    for minute in range(5):
        await count(redis, "rooms", "198.51.100.3", WINDOW, NOW + minute * WINDOW, seen)
        await count(redis, "rooms", "198.51.100.4", WINDOW, NOW + minute * WINDOW + 1, seen)
    last = NOW + 4 * WINDOW
    assert set(seen.ends) == {
        window_key("rooms", who, WINDOW, last) for who in ("198.51.100.3", "198.51.100.4")
    }
    assert all(ttl > 0 for ttl in [await redis.pttl(key) async for key in redis.scan_iter()])
