"""Opening the connection to Redis: one server, or a Redis Cluster.

One server: a blocking pool, so that past `connections` requests at once a request waits (up to
`wait` seconds) for a connection instead of failing at once (redis-py's default pool raises).

A cluster: redis-py's cluster client, which routes each command and script to the node that
holds its keys (a room's keys share a hash tag, so its commit is one script on one node) and
subscribes pub/sub on any node (PUBLISH reaches every node). Its per-node pools grow as needed.
The rest of the server sees the same command interface either way.

One server: every command and pipeline gets at most `COMMAND_TIMEOUT` seconds (a Redis that hangs
fails the request instead of holding it forever), set around the whole call with
`asyncio.timeout` rather than redis-py's `socket_timeout`, which wraps every write to the socket
in `asyncio.wait_for` — on Python 3.11 a new task for each command, and a turn of the event loop
before it is even written (a quarter of the server's time on Redis calls, in the bench).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any, cast

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.client import Pipeline
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import TimeoutError as RedisTimeoutError

CONNECTIONS = 64
WAIT = 10.0
COMMAND_TIMEOUT = 5.0
"""Seconds a command or pipeline may take, waiting for a connection from the pool included."""


@contextlib.asynccontextmanager
async def _bounded() -> AsyncIterator[None]:
    """At most COMMAND_TIMEOUT seconds (WAIT more for a free connection); past that, the call is
    cancelled (redis-py drops the connection it was using) and redis-py's TimeoutError — a
    RedisError, which every caller already handles as "Redis is away" — is raised."""
    try:
        async with asyncio.timeout(COMMAND_TIMEOUT + WAIT):
            yield
    except TimeoutError as error:
        raise RedisTimeoutError(
            f"Redis did not answer within {COMMAND_TIMEOUT + WAIT:g} s"
        ) from error


class TimedPipeline(Pipeline):
    """A pipeline whose `execute` is bounded (`_bounded`)."""

    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        async with _bounded():
            return await super().execute(raise_on_error)


class TimedRedis(Redis):
    """A client whose commands are bounded (`_bounded`)."""

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        async with _bounded():
            return await super().execute_command(*args, **options)  # type: ignore[no-untyped-call]

    def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> TimedPipeline:
        return TimedPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)


def connect(url: str, cluster: bool = False) -> Redis:
    """Return a client for the Redis (or, with `cluster`, the Redis Cluster) at `url`."""
    if cluster:
        # The cluster client offers the commands the server uses under the same names (it is
        # not a subclass of Redis, hence the cast).
        return cast(Redis, RedisCluster.from_url(url, decode_responses=True))
    pool = BlockingConnectionPool.from_url(
        url,
        decode_responses=True,
        max_connections=CONNECTIONS,
        timeout=WAIT,
        socket_timeout=None,
        socket_connect_timeout=COMMAND_TIMEOUT,
    )
    return TimedRedis(connection_pool=pool)
