"""The index of finished games drops those past FINISHED_TTL as games are kept — looking for
them at most once every PRUNE_EVERY seconds a process, not with every game."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from server.storage import keys
from server.storage.games import PRUNE_EVERY, Games
from server.storage.keys import FINISHED_TTL

NOW = int(time.time() * 1000)
OLD = NOW - (FINISHED_TTL + 3600) * 1000


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url, decode_responses=True)
    yield client
    await client.aclose()


async def listed(redis: Redis) -> set[str]:
    codes = {str(code) for code in await redis.zrange(keys.GAMES, 0, -1)}
    assert codes == set(await redis.hkeys(keys.GAME_SUMMARIES)), "the index and its summaries"
    return codes


async def keep(games: Games, code: str, ended: int) -> None:
    await games.keep(code, "{}\n", json.dumps({"code": code}), ended)


async def test_old_games_leave_the_index_at_most_once_a_minute(redis: Redis) -> None:
    games = Games(redis)
    await redis.zadd(keys.GAMES, {"OLD001": OLD})
    await redis.hset(keys.GAME_SUMMARIES, "OLD001", "{}")
    await keep(games, "NEW001", NOW)
    assert await listed(redis) == {"NEW001"}, "the first game kept looks"
    await redis.zadd(keys.GAMES, {"OLD002": OLD})
    await redis.hset(keys.GAME_SUMMARIES, "OLD002", "{}")
    await keep(games, "NEW002", NOW)
    assert await listed(redis) == {"NEW001", "NEW002", "OLD002"}, "not again within the minute"
    games._pruned -= PRUNE_EVERY  # a minute later
    await keep(games, "NEW003", NOW)
    assert await listed(redis) == {"NEW001", "NEW002", "NEW003"}
