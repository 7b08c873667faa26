"""Opening the connection to Redis: one server, or a Redis Cluster.

One server: a bounded pool (`LeanPool`), so that past `connections` requests at once a request
waits for a connection instead of failing at once (redis-py's default pool raises). A command or
a pipeline without a transaction goes straight to a pooled connection (`TimedRedis`,
`TimedPipeline`), past the bookkeeping redis-py 8 does around every call — observability
counters, an asyncio lock and condition on the pool, an event dispatch, a retry wrapper that
retries nothing: ~10 µs of the ~40 µs of CPU a command cost the client. hiredis packs the command
in one call (`_packed`); redis-py's connection sends it, reads and parses the answer (hiredis
again), and closes itself if it fails.

Every command and pipeline gets at most `COMMAND_TIMEOUT` seconds (a Redis that hangs fails the
request instead of holding it forever), set around the whole call with `asyncio.timeout` rather
than redis-py's `socket_timeout`, which wraps every write to the socket in `asyncio.wait_for` —
on Python 3.11 a new task for each command, and a turn of the event loop before it is even
written (a quarter of the server's time on Redis calls, in the bench).

A cluster: redis-py's cluster client, which routes each command and script to the node that
holds its keys (a room's keys share a hash tag, so its commit is one script on one node) and
subscribes pub/sub on any node (PUBLISH reaches every node). Its per-node pools grow as needed.
The rest of the server sees the same command interface either way.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from hiredis import pack_command
from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.client import Pipeline
from redis.asyncio.cluster import RedisCluster
from redis.asyncio.connection import AbstractConnection, Connection, parse_url
from redis.exceptions import RedisClusterException, RedisError, ResponseError
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


def _packed(connection: Connection, args: tuple[Any, ...]) -> bytes:
    """The command in Redis's protocol, packed by hiredis in one call (redis-py's packer first
    checks and encodes each argument in Python: ~1 µs an argument, and a commit has ~25);
    anything hiredis does not take (none of the server's commands) is left to redis-py."""
    if isinstance(args[0], str) and " " in args[0]:  # "SCRIPT LOAD", as redis-py splits it
        args = (*args[0].split(), *args[1:])
    try:
        packed: bytes = pack_command(args)
    except TypeError:
        return b"".join(connection.pack_command(*args))
    return packed


class LeanPool(ConnectionPool):
    """redis-py's pool, bounded as its blocking pool is (past `max_connections` a call waits
    for a connection to come back), without the per-call bookkeeping of redis-py 8's pools.

    A connection is checked as redis-py checks it (`ensure_connection`: connected, nothing
    unread — else made again); one that failed was closed by redis-py's connection itself, and
    is opened again when next taken."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._slots = asyncio.Semaphore(self.max_connections)

    def reset(self) -> None:
        """Forget every connection, free and in use (redis-py does not call it after creating
        the pool; a connection in use then is never released here): every slot is free again."""
        super().reset()  # type: ignore[no-untyped-call]
        self._slots = asyncio.Semaphore(self.max_connections)

    async def get_connection(
        self, command_name: Any = None, *keys: Any, **options: Any
    ) -> AbstractConnection:
        await self._slots.acquire()
        try:
            connection = self.get_available_connection()  # type: ignore[no-untyped-call]
        except BaseException:
            self._slots.release()
            raise
        try:
            await self.ensure_connection(connection)
        except BaseException:
            await self.release(connection)
            raise
        return connection  # type: ignore[no-any-return]

    async def release(self, connection: AbstractConnection) -> None:
        if connection not in self._in_use_connections:
            return  # released already (or the pool was reset)
        self._in_use_connections.discard(connection)
        self._available_connections.append(connection)
        self._slots.release()
        if connection.should_reconnect():  # type: ignore[no-untyped-call]
            await connection.disconnect()


class TimedPipeline(Pipeline):
    """A pipeline whose `execute` is bounded (`_bounded`); one without a transaction goes
    straight to a pooled connection, as `TimedRedis`'s commands do."""

    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        lean = not (self.is_transaction or self.explicit_transaction or self.watching)
        if not lean or self.scripts or not self.command_stack:
            async with _bounded():
                return await super().execute(raise_on_error)
        stack, pool = self.command_stack, cast(LeanPool, self.connection_pool)
        self.command_stack = []
        results: list[Any] = []
        async with _bounded():
            connection = cast(Connection, await pool.get_connection())
            try:
                await connection.send_packed_command(
                    b"".join(_packed(connection, args) for args, _ in stack)
                )
                try:
                    for args, options in stack:
                        try:
                            results.append(
                                await self.parse_response(connection, args[0], **options)
                            )
                        except ResponseError as error:  # that command's own answer
                            results.append(error)
                except BaseException:
                    # Answers left unread on the socket: it must not be used again as it is.
                    await connection.disconnect(nowait=True)
                    raise
            finally:
                await pool.release(connection)
        if raise_on_error:
            self.raise_first_error(stack, results)
        return results


class TimedRedis(Redis):
    """A client whose commands are bounded (`_bounded`)."""

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        pool = cast(LeanPool, self.connection_pool)
        async with _bounded():
            connection = cast(Connection, await pool.get_connection())
            try:
                await connection.send_packed_command(_packed(connection, args))
                return await self.parse_response(connection, args[0], **options)
            finally:
                await pool.release(connection)

    def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> TimedPipeline:
        return TimedPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)


class RedisUnreachable(Exception):
    """Redis did not answer as the server started (its message says where, and why)."""


def shown(url: str) -> str:
    """`url` as a log or an error may show it: without its password."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not even a URL: hide whatever stands before an @
        return re.sub(r"//[^/]*@", "//***@", url)
    if parts.password is None:
        return url
    where = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{where}"))


def url_problem(url: str) -> str | None:
    """What is wrong with `url` as a Redis URL, said for people; None if nothing is."""
    try:
        parse_url(url)
    except ValueError as error:
        return f"{error} (for example redis://127.0.0.1:6379/0)"
    return None


async def reach(redis: Redis, url: str) -> None:
    """Raise RedisUnreachable, in one line, if the Redis at `url` does not answer PING."""
    try:
        await redis.ping()
        # A node of a Redis Cluster answers as a Redis would, until a room's key lives on
        # another node (MOVED, a traceback at the first commit): said now, in one line.
        clustered = not isinstance(redis, RedisCluster) and await _a_cluster_node(redis)
    except (RedisError, RedisClusterException, OSError) as error:
        raise RedisUnreachable(f"cannot reach Redis at {shown(url)} ({error})") from None
    if clustered:
        raise RedisUnreachable(
            f"the Redis at {shown(url)} is a node of a Redis Cluster: "
            "give --redis-cluster (or BRINK_REDIS_CLUSTER=1) to use the cluster"
        )


async def _a_cluster_node(redis: Redis) -> bool:
    """Whether the Redis is a node of a Redis Cluster (`INFO cluster`; a user refused `INFO`,
    one of the `@dangerous` commands a managed Redis may keep to itself, is taken as plain)."""
    try:
        found = await redis.info("cluster")
    except ResponseError:  # NOPERM: the server never needs INFO otherwise
        return False
    return str(found.get("cluster_enabled", 0)) == "1"


def connect(url: str, cluster: bool = False) -> Redis:
    """Return a client for the Redis (or, with `cluster`, the Redis Cluster) at `url`."""
    if cluster:
        # The cluster client offers the commands the server uses under the same names (it is
        # not a subclass of Redis, hence the cast).
        return cast(Redis, RedisCluster.from_url(url, decode_responses=True))
    pool = LeanPool.from_url(
        url,
        decode_responses=True,
        max_connections=CONNECTIONS,
        socket_timeout=None,
        socket_connect_timeout=COMMAND_TIMEOUT,
    )
    return TimedRedis(connection_pool=pool)
