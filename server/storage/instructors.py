"""Instructor accounts and their signed-in sessions, shared by every server process.

    {brink}:instructors            hash     name -> argon2 hash of the password
    {brink}:session:{SHA256}       string   the name a session token signs in (expires)

A session is found by the SHA-256 of its token, so Redis never holds a token that works.
"""

from __future__ import annotations

from redis.asyncio import Redis

from server.storage.store import token_hash

INSTRUCTORS = "{brink}:instructors"
SESSION_TTL = 12 * 3600
"""Seconds a sign-in lasts after its last use: a school day."""


def session_key(token: str) -> str:
    return f"{{brink}}:session:{token_hash(token)}"


async def password_hash(redis: Redis, name: str) -> str | None:
    found = await redis.hget(INSTRUCTORS, name)
    return None if found is None else str(found)


async def set_password_hash(redis: Redis, name: str, hashed: str) -> None:
    await redis.hset(INSTRUCTORS, name, hashed)


async def remove(redis: Redis, name: str) -> bool:
    return bool(await redis.hdel(INSTRUCTORS, name))


async def names(redis: Redis) -> list[str]:
    return sorted(str(name) for name in await redis.hkeys(INSTRUCTORS))


async def open_session(redis: Redis, token: str, name: str) -> None:
    await redis.set(session_key(token), name, ex=SESSION_TTL)


async def session_name(redis: Redis, token: str) -> str | None:
    """Return whose session `token` is (renewing it), or None."""
    key = session_key(token)
    async with redis.pipeline(transaction=False) as pipe:
        pipe.get(key)
        pipe.expire(key, SESSION_TTL)
        found, _ = await pipe.execute()
    if found is None or not await redis.hexists(INSTRUCTORS, found):  # removed since
        return None
    return str(found)


async def close_session(redis: Redis, token: str) -> None:
    await redis.delete(session_key(token))
