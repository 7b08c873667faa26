"""The commit script against the test Redis: one stream entry per commit, read back from any
position; the expiry renewed hourly rather than on every commit; and when the timer index must be
told (it may hold an earlier deadline than the room's, never a later one), a failed index update
included."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from serverkit import start_server

from server.engine.commands import Check
from server.live import lifecycle
from server.storage import keys
from server.storage.keys import FINISHED_TTL, ROOM_TTL
from server.storage.scripts import RENEW_EVERY_MS
from server.storage.store import KEEP, Commit, Store
from server.web.appkeys import HUB

NOW = 1_800_000_000_000
CODE = "ABCD"


def entry(n: int, text: str = "hi") -> str:
    chat = {"type": "chat_line", "seat": "washington", "name": "Ada", "text": text}
    return json.dumps({"n": n, "chat": chat})


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[Store]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro"}, "h", "{}")
    yield store
    await redis.aclose()


async def commit(
    store: Store, expected: int, count: int, deadline: int | None = KEEP, at: int = NOW
) -> tuple[int, bool]:
    texts = [entry(expected + 1 + i) for i in range(count)]
    written = await store.commit_log(Commit(CODE, expected, texts, "{}", 1, deadline, at=at))
    assert written is not None
    return written.n, written.index


async def test_a_commit_is_one_stream_entry_and_reads_back_from_any_position(
    store: Store,
) -> None:
    assert await commit(store, 0, 3) == (3, False)
    assert await commit(store, 3, 1) == (4, False)
    assert await commit(store, 4, 4) == (8, False)
    log = Store.key(CODE, "log")
    stream = await store.redis.xrange(log)
    assert stream is not None
    assert [item[0] for item in stream] == ["3-1", "4-4", "8-5"]
    for since in range(9):
        found = [json.loads(text)["n"] for text in await store.entries_since(CODE, since)]
        assert found == list(range(since + 1, 9)), since


async def test_entries_written_one_per_stream_entry_before_batching_still_read(
    store: Store,
) -> None:
    log = Store.key(CODE, "log")
    for n in (1, 2):
        await store.redis.xadd(log, {"e": entry(n)}, id=f"{n}-1")
    await store.redis.hset(Store.key(CODE), "n", 2)
    assert await commit(store, 2, 2) == (4, False)
    assert [json.loads(t)["n"] for t in await store.entries_since(CODE, 0)] == [1, 2, 3, 4]
    assert [json.loads(t)["n"] for t in await store.entries_since(CODE, 3)] == [4]


async def test_the_expiry_is_renewed_hourly_and_at_the_end_not_on_every_commit(
    store: Store,
) -> None:
    log = Store.key(CODE, "log")
    await commit(store, 0, 2)  # the first commit gives the log its expiry
    assert ROOM_TTL - 5 <= await store.redis.ttl(log) <= ROOM_TTL
    await store.redis.expire(log, 100)
    await commit(store, 2, 1, at=NOW + RENEW_EVERY_MS - 1)
    assert await store.redis.ttl(log) <= 100, "not renewed within the hour"
    await commit(store, 3, 1, at=NOW + RENEW_EVERY_MS)
    assert await store.redis.ttl(log) > ROOM_TTL - 5, "renewed an hour after the last renewal"
    await store.redis.expire(log, 100)
    done = Commit(CODE, 4, [entry(5)], "{}", 1, None, finished=True, at=NOW + RENEW_EVERY_MS)
    assert await store.commit_log(done) is not None
    assert await store.redis.ttl(log) > FINISHED_TTL - 5, "the end of the game keeps it 7 days"


async def test_the_timer_index_is_told_only_when_the_deadline_appears_moves_earlier_or_passed(
    store: Store,
) -> None:
    second = 1000
    assert (await commit(store, 0, 1, NOW + 90 * second))[1], "the first deadline"
    assert not (await commit(store, 1, 1, NOW + 95 * second, NOW + 5 * second))[1], "later"
    assert (await commit(store, 2, 1, NOW + 60 * second, NOW + 6 * second))[1], "earlier"
    assert not (await commit(store, 3, 1, KEEP, NOW + 7 * second))[1], "a chat line"
    # The deadline before (NOW + 60 s) has passed: the index holds it, and it is due.
    assert (await commit(store, 4, 1, NOW + 200 * second, NOW + 61 * second))[1], "passed"
    assert not (await commit(store, 5, 1, None, NOW + 62 * second))[1], "no deadline"
    assert (await commit(store, 6, 1, NOW + 300 * second, NOW + 63 * second))[1], "after none"


async def test_an_index_update_that_failed_is_made_by_the_next_commit(
    redis_url: str, tmp_path: Path
) -> None:
    runner, _ = await start_server(redis_url, tmp_path)
    try:
        hub = runner.app[HUB]
        redis = hub.redis
        room, _ = await hub.create_room("intro", "en", {}, {}, True)  # waits for its players
        await redis.set(keys.TIMERS, "not a sorted set")  # the index update fails: WRONGTYPE
        assert await lifecycle.start_clock(hub, room, "system")  # the first deadline
        assert room.deadline_ms is not None
        await redis.delete(keys.TIMERS)
        # A move whose deadline is later than the one before: no index update is needed —
        # except that the one before never reached the index.
        await hub.submit(room, str(room.state.to_act), Check())
        assert await redis.zscore(keys.TIMERS, room.code) == room.deadline_ms
    finally:
        await runner.cleanup()
