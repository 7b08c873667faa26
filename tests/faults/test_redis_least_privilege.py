"""`brink serve` on a Redis whose user may not run the `@dangerous` commands (`INFO` among them),
as managed Redis services often give: the server asks `INFO cluster` to tell a Cluster node given
without `--redis-cluster`, and took the refusal for an unreachable Redis ("cannot reach Redis"):
`reach`, which `brink serve` runs as it starts, now lets it be."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import NoPermissionError

from server.storage.connect import connect, reach


@pytest.fixture
async def least_privilege(redis_url: str) -> AsyncIterator[str]:
    """A URL of the test Redis as a user allowed every command but the dangerous ones."""
    admin = Redis.from_url(redis_url)
    user, password = f"brink-{secrets.token_hex(4)}", secrets.token_hex(8)
    await admin.acl_setuser(
        user,
        enabled=True,
        reset=True,
        passwords=[f"+{password}"],
        keys=["*"],
        channels=["*"],
        commands=["+@all", "-@dangerous"],
    )
    try:
        yield redis_url.replace("redis://", f"redis://{user}:{password}@", 1)
    finally:
        await admin.acl_deluser(user)
        await admin.aclose()


async def test_a_user_without_info_reaches_redis(least_privilege: str) -> None:
    redis = connect(least_privilege)
    try:
        with pytest.raises(NoPermissionError):  # what this user may not do
            await redis.info("cluster")
        await reach(redis, least_privilege)  # no RedisUnreachable
        await redis.set("brink:test:least", "1", ex=5)
        assert await redis.get("brink:test:least") == "1"
    finally:
        await redis.aclose()
