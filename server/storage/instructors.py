"""Instructor accounts and their signed-in sessions, shared by every server process.

    {brink}:instructors            hash     name -> argon2 hash of the password
    {brink}:session:{SHA256}       string   "NAME STAMP": whom a session token signs in, and
                                            a stamp of the password it was opened with

A session is found by the SHA-256 of its token, so Redis never holds a token that works. It
works while its account has the password it signed in with: a new password (`brink instructor
add` again, after a cookie was stolen say) or an account removed and made again ends it.
"""

from __future__ import annotations

import hashlib
import hmac

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


def _stamp(hashed: str) -> str:
    """A mark of a password hash that changes with it (argon2 salts each hash anew)."""
    return hashlib.sha256(hashed.encode()).hexdigest()[:32]


async def open_session(redis: Redis, token: str, name: str, hashed: str) -> bool:
    """Open a session of `name` stamped with `hashed`, the password hash its password was
    checked against; False, and none opened, if the account no longer has that password (a
    new one was set, or the account removed, during the check). Once opened, a change ends it
    (`session_name`)."""
    await redis.set(session_key(token), f"{name} {_stamp(hashed)}", ex=SESSION_TTL)
    if await password_hash(redis, name) == hashed:
        return True
    await redis.delete(session_key(token))
    return False


async def session_name(redis: Redis, token: str) -> str | None:
    """Return whose session `token` is (renewing it), or None."""
    key = session_key(token)
    async with redis.pipeline(transaction=False) as pipe:
        pipe.get(key)
        pipe.expire(key, SESSION_TTL)
        found, _ = await pipe.execute()
    if found is None:
        return None
    name, _, stamp = str(found).partition(" ")
    hashed = await password_hash(redis, name)  # None: removed since
    if hashed is None or not hmac.compare_digest(stamp, _stamp(hashed)):
        return None  # the password has changed since (or a session of an older version)
    return name


async def close_session(redis: Redis, token: str) -> None:
    await redis.delete(session_key(token))
