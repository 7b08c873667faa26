"""A room made and its game started in one script (`Store.commit_log` with `made`): the meta as
`create_room` writes it, the first commit's entries, both with their expiry; a taken code writes
nothing; a stream left under a free code refuses the entries and gives the code back."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from server.storage.keys import ROOM_TTL
from server.storage.store import BrokenLog, Commit, Store, new_meta

CODE = "MADE"
NOW = 1_800_000_000_000


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[Store]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    yield Store(redis)
    await redis.aclose()


def first_commit(count: int = 3) -> Commit:
    texts = [json.dumps({"n": n, "chat": {"text": f"line {n}"}}) for n in range(1, count + 1)]
    return Commit(CODE, 0, texts, "{}", 0, None, at=NOW, origin="me")


async def test_the_room_and_its_first_commit_are_written_together(store: Store) -> None:
    made = new_meta({"scenario": "intro", "holders": "me", "timers": "0"}, "abc")
    written = await store.commit_log(first_commit(), made)
    assert written is not None and written.n == 3
    meta = await store.redis.hgetall(Store.key(CODE))
    assert meta == {**made, "n": "3", "renewed": str(NOW)}
    # The same meta as the two steps write: create_room, then a first commit.
    other = "TWO"
    assert await store.create_room(
        other, {"scenario": "intro", "holders": "me", "timers": "0"}, "abc", "{}"
    )
    again = Commit(other, 0, first_commit().entries, "{}", 0, None, at=NOW, origin="me")
    assert await store.commit_log(again) is not None
    assert await store.redis.hgetall(Store.key(other)) == meta
    assert [json.loads(t)["n"] for t in await store.entries_since(CODE, 0)] == [1, 2, 3]
    for part in ("", "log"):
        ttl = await store.redis.ttl(Store.key(CODE, part))
        assert ROOM_TTL - 5 <= ttl <= ROOM_TTL, part


async def test_a_taken_code_writes_nothing(store: Store) -> None:
    assert await store.create_room(CODE, {"scenario": "intro"}, "abc", "{}")
    before = await store.redis.hgetall(Store.key(CODE))
    made = new_meta({"scenario": "classroom", "holders": "me"}, "xyz")
    assert await store.commit_log(first_commit(), made) is None
    assert await store.redis.hgetall(Store.key(CODE)) == before
    assert await store.redis.exists(Store.key(CODE, "log")) == 0


async def test_a_stream_left_under_a_free_code_gives_the_code_back(store: Store) -> None:
    # The meta expired before its log (or was deleted by hand): the stream refuses the entries.
    await store.redis.xadd(Store.key(CODE, "log"), {"9": "old"}, id="7-0")
    made = new_meta({"scenario": "intro", "holders": "me"}, "abc")
    with pytest.raises(BrokenLog):
        await store.commit_log(first_commit(), made)
    assert await store.redis.exists(Store.key(CODE)) == 0
