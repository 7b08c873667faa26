"""Suite-wide fixtures: one real redis-server per test session, flushed before each test.

The server is started with blocking calls (`subprocess.Popen`, a sync client) so its lifetime
is independent of the per-test event loops pytest-asyncio creates.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from rediskit import launch, stop

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
