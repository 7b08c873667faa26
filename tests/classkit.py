"""Instructors for tests: an account in the test Redis, and an HTTP session signed in as it."""

from __future__ import annotations

import subprocess
import sys

import aiohttp
from redis.asyncio import Redis

from server.classroom.accounts import add_instructor as _add

PASSWORD = "correct horse battery"


async def add_instructor(redis_url: str, name: str = "ms_li", password: str = PASSWORD) -> str:
    """Create the account `name` in the Redis at `redis_url`; return the name."""
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        await _add(redis, name, password)
    finally:
        await redis.aclose()
    return name


def http_base(ws_url: str) -> str:
    """Return the http:// base of a server from its ws:// URL."""
    return ws_url.replace("ws://", "http://", 1).removesuffix("/ws")


async def signed_in(
    ws_url: str, name: str = "ms_li", password: str = PASSWORD
) -> aiohttp.ClientSession:
    """Return an HTTP session whose cookie jar holds `name`'s sign-in (the caller closes it)."""
    # unsafe: the jar keeps cookies of IP-address hosts (the test server is 127.0.0.1).
    jar = aiohttp.CookieJar(unsafe=True)
    session = aiohttp.ClientSession(base_url=http_base(ws_url), cookie_jar=jar)
    async with session.post(
        "/api/instructor/signin", json={"name": name, "password": password}
    ) as r:
        if r.status != 200:
            await session.close()
            raise AssertionError(f"sign-in failed: {r.status} {await r.text()}")
    return session


def session_cookie(session: aiohttp.ClientSession) -> str:
    """Return the `Cookie` header value a websocket handshake needs to be signed in."""
    return "; ".join(f"{c.key}={c.value}" for c in session.cookie_jar)


def brink(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run `brink ARGS` (the command line, in a process of its own) with `stdin`; never raises
    on its exit code."""
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
