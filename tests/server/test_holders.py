"""A commit reaches only the other processes holding the room (server/storage/holders.py): a
room held by one process publishes nothing, and no process gets its own commits back."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis

from server.storage.holders import Holders, process_channel
from server.storage.store import Commit, Store

CODE = "HOLD01"


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url, decode_responses=True)
    yield client
    await client.aclose()


async def heard(redis: Redis, origins: list[str], action: Any) -> dict[str, list[str]]:
    """Run `action` and return what each origin's channel received meanwhile."""
    pubsub = redis.pubsub()
    await pubsub.subscribe(*(process_channel(o) for o in origins))
    await action()
    found: dict[str, list[str]] = {o: [] for o in origins}
    until = asyncio.get_running_loop().time() + 0.3
    while asyncio.get_running_loop().time() < until:
        message = await pubsub.get_message(True, timeout=0.05)
        if message is not None:
            found[message["channel"].rpartition(":")[2]].append(message["data"])
    await pubsub.aclose()
    return found


def commit(expected: int, origin: str) -> Commit:
    line = json.dumps({"n": expected + 1, "chat": {"type": "chat_line", "seat": "x", "text": "hi"}})
    return Commit(
        CODE,
        expected,
        [line],
        '{"deadline":null,"entries":[',
        1,
        None,
        publish_head=True,
        at=1,
        origin=origin,
    )


async def test_commits_reach_the_other_holders_only(redis: Redis) -> None:
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro", "holders": "aaa"}, "h", "{}")
    alone = await heard(redis, ["aaa", "bbb"], lambda: store.commit_log(commit(0, "aaa")))
    assert alone == {"aaa": [], "bbb": []}

    await Holders(redis, "bbb").hold(Store.key(CODE))
    assert await redis.hget(Store.key(CODE), "holders") == "aaa bbb"
    both = await heard(redis, ["aaa", "bbb"], lambda: store.commit_log(commit(1, "aaa")))
    assert both["aaa"] == []
    [message] = both["bbb"]
    code, _, text = message.partition(" ")
    assert code == CODE and json.loads(text)["entries"][0]["n"] == 2
    back = await heard(redis, ["aaa", "bbb"], lambda: store.commit_log(commit(2, "bbb")))
    assert len(back["aaa"]) == 1 and back["bbb"] == []

    await Holders(redis, "bbb").let_go(Store.key(CODE))
    await Holders(redis, "bbb").let_go(Store.key(CODE))  # twice: no harm
    assert await redis.hget(Store.key(CODE), "holders") == "aaa"
    told = await heard(
        redis, ["aaa", "bbb"], lambda: Holders(redis, "ccc").tell(Store.key(CODE), CODE, "{}")
    )
    assert told == {"aaa": [f"{CODE} {{}}"], "bbb": []}


async def test_a_gone_room_gets_no_holders(redis: Redis) -> None:
    await Holders(redis, "aaa").hold(Store.key("GONE00"))
    assert not await redis.exists(Store.key("GONE00"))
