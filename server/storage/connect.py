"""Opening the connection to Redis: one server, or a Redis Cluster.

One server: a blocking pool, so that past `connections` requests at once a request waits (up to
`wait` seconds) for a connection instead of failing at once (redis-py's default pool raises).

A cluster: redis-py's cluster client, which routes each command and script to the node that
holds its keys (a room's keys share a hash tag, so its commit is one script on one node) and
subscribes pub/sub on any node (PUBLISH reaches every node). Its per-node pools grow as needed.
The rest of the server sees the same command interface either way.
"""

from __future__ import annotations

from typing import cast

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.cluster import RedisCluster

CONNECTIONS = 64
WAIT = 10.0


def connect(url: str, cluster: bool = False) -> Redis:
    """Return a client for the Redis (or, with `cluster`, the Redis Cluster) at `url`."""
    if cluster:
        # The cluster client offers the commands the server uses under the same names (it is
        # not a subclass of Redis, hence the cast).
        return cast(Redis, RedisCluster.from_url(url, decode_responses=True))
    pool = BlockingConnectionPool.from_url(
        url, decode_responses=True, max_connections=CONNECTIONS, timeout=WAIT
    )
    return Redis(connection_pool=pool)
