"""Instructor accounts: passwords hashed with argon2, sessions by random token.

Hashing and checking a password take tens of milliseconds of CPU by design, so they run in a
worker thread and never hold up the event loop (and every game on it).
"""

from __future__ import annotations

import asyncio
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from redis.asyncio import Redis

from server.live.connection import Connection
from server.live.handlers import Refusal
from server.storage import instructors

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
"""An account name: letters, digits, `.`, `_`, `-`; up to 40 characters."""
SHORTEST_PASSWORD = 8
LONGEST_PASSWORD = 200

_hasher = PasswordHasher()
# A name that has no account is checked against this, so a wrong name costs as much as a
# wrong password and the answer's timing does not tell which accounts exist.
_DECOY = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A name or password that cannot make an account (the message says why)."""


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise AccountError(
            f"{name!r} is not an account name: use 1-40 letters, digits, '.', '_' or '-'"
        )
    return name


def check_new_password(password: str) -> str:
    if len(password) < SHORTEST_PASSWORD:
        raise AccountError(f"a password needs at least {SHORTEST_PASSWORD} characters")
    if len(password) > LONGEST_PASSWORD:
        raise AccountError(f"a password has at most {LONGEST_PASSWORD} characters")
    return password


async def add_instructor(redis: Redis, name: str, password: str) -> None:
    """Create the account, or set a new password for it."""
    check_name(name)
    check_new_password(password)
    hashed = await asyncio.to_thread(_hasher.hash, password)
    await instructors.set_password_hash(redis, name, hashed)


async def check_password(redis: Redis, name: str, password: str) -> str | None:
    """Return the stored hash `password` matched if it is `name`'s (its session is opened with
    it: `open_session`), else None (an unknown name too, after the same work)."""
    if not NAME.match(name) or len(password) > LONGEST_PASSWORD:
        return None
    stored = await instructors.password_hash(redis, name)
    try:
        matched = await asyncio.to_thread(_hasher.verify, stored or _DECOY, password)
    except (VerificationError, InvalidHashError):
        return None
    return stored if matched else None


async def open_session(redis: Redis, name: str, hashed: str) -> str | None:
    """Sign `name` in with the password hash `hashed` its password was checked against: return
    a new session token — None if the password was changed (or the account removed) while it
    was being checked, which the session would otherwise have outlived."""
    token = secrets.token_urlsafe(32)
    return token if await instructors.open_session(redis, token, name, hashed) else None


async def session_name(redis: Redis, token: str) -> str | None:
    if not token or len(token) > 100:
        return None
    return await instructors.session_name(redis, token)


async def close_session(redis: Redis, token: str) -> None:
    if token and len(token) <= 100:
        await instructors.close_session(redis, token)


def require_account(conn: Connection) -> str:
    """Return the instructor signed in on this websocket, or refuse (`not_instructor`)."""
    if conn.account is None:
        raise Refusal("not_instructor", "only a signed-in instructor may do this")
    return conn.account
