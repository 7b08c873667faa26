"""Suite-wide fixtures: one real redis-server per test session, flushed before each test.

The server is started with blocking calls (`subprocess.Popen`, a sync client) so its lifetime
is independent of the per-test event loops pytest-asyncio creates.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from aiohttp import web
from redis.asyncio import Redis as AsyncRedis
from rediskit import launch, stop
from serverkit import Start, start_server

from server.storage.redis_embedded import find_redis_server
from server.storage.redis_embedded import redis_url as url_for_port


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the URL of a non-persistent redis-server that lives for the whole session."""
    data_dir = tmp_path_factory.mktemp("redis")
    process, port = launch(find_redis_server(), data_dir)
    try:
        yield url_for_port(port)
    finally:
        stop(process, port)


@pytest.fixture(name="redis_url")
def flushed_redis_url(redis_server: str) -> str:
    """Return the session server's URL after emptying every database on it.

    A sync fixture, so sync and async tests alike can take it, whatever their event loop.
    """
    with redis.Redis.from_url(redis_server) as client:
        client.flushall()
    return redis_server


@pytest.fixture(name="redis")
async def redis_client(redis_url: str) -> AsyncIterator[AsyncRedis]:
    """An asyncio client of the flushed session server, answers decoded to text."""
    client = AsyncRedis.from_url(redis_url, decode_responses=True)
    yield client
    await client.aclose()


@pytest.fixture
async def server_url(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """The ws:// URL of a running server (bots move at once, timers checked every 50 ms)."""
    runner, url = await start_server(redis_url, tmp_path)
    yield url
    await runner.cleanup()


@pytest.fixture
async def servers(redis_url: str, tmp_path: Path) -> AsyncIterator[Start]:
    """A factory for more servers on the same Redis (stopped at the end of the test)."""
    runners: list[web.AppRunner] = []

    async def start(**options: Any) -> str:
        runner, url = await start_server(redis_url, tmp_path, **options)
        runners.append(runner)
        return url

    yield start
    for runner in runners:
        await runner.cleanup()
