"""Commits that arrive while an exchange with Redis is under way go to Redis together, as one
pipeline (server/storage/batch.py), each still its own script run with its own answer: a
conflict refuses only its own commit, and a Redis that lost its scripts (restarted) still takes
every commit of the batch."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from server.storage.store import Commit, Store, Written

ROOMS = [f"R{i:03d}" for i in range(12)]


def chat(n: int) -> str:
    return json.dumps({"n": n, "chat": {"type": "chat_line", "seat": "washington", "text": "x"}})


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[Store]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    store = Store(redis)
    for code in ROOMS:
        assert await store.create_room(code, {"scenario": "intro"}, "h", "{}")
    yield store
    await redis.aclose()


def commit(code: str, expected: int) -> Commit:
    return Commit(code, expected, [chat(expected + 1)], "{}", 1, None, at=1_800_000_000_000)


async def test_commits_that_pile_up_go_as_one_pipeline_each_with_its_own_answer(
    store: Store,
) -> None:
    store.batcher.lanes = 1  # one exchange under way at a time: the rest wait for it
    first = await asyncio.gather(*(store.commit_log(commit(code, 0)) for code in ROOMS))
    assert [w.n for w in first if w is not None] == [1] * len(ROOMS)
    before = store.batcher.batches
    # Every other room is told the log is at 0 again: those commits conflict, the rest go in.
    second = await asyncio.gather(
        *(store.commit_log(commit(code, 1 if i % 2 else 0)) for i, code in enumerate(ROOMS))
    )
    # The first goes at once, alone; the eleven that came meanwhile go together after it.
    assert store.batcher.batches == before + 2
    assert [None if w is None else w.n for w in second] == [None, 2] * (len(ROOMS) // 2)
    for i, code in enumerate(ROOMS):
        assert await store.position(code) == 1 + i % 2
        assert await store.redis.xlen(Store.key(code, "log")) == 1 + i % 2


async def test_a_batch_survives_redis_losing_its_scripts(store: Store) -> None:
    await asyncio.gather(*(store.commit_log(commit(code, 0)) for code in ROOMS))
    await store.redis.script_flush()
    written = await asyncio.gather(*(store.commit_log(commit(code, 1)) for code in ROOMS))
    assert [w.n for w in written if w is not None] == [2] * len(ROOMS)


async def test_a_redis_error_reaches_only_its_caller(store: Store) -> None:
    await store.redis.delete(Store.key("R000"))
    await store.redis.set(Store.key("R000"), "not a hash")  # the script fails on this room
    results = await asyncio.gather(
        store.commit_log(commit("R000", 0)),
        store.commit_log(commit("R001", 0)),
        return_exceptions=True,
    )
    assert isinstance(results[0], RedisError) and "WRONGTYPE" in str(results[0])
    assert isinstance(results[1], Written) and results[1].n == 1
