"""Instructors sign in on the web page: a session cookie, and who holds it.

    POST /api/instructor/signin    {"name": …, "password": …}  -> {"name": …} and the cookie
    POST /api/instructor/signout                               -> {"name": null}, cookie cleared
    GET  /api/instructor/me                                    -> {"name": …} or 401

The cookie (`brink_instructor`) is HttpOnly and SameSite=Strict: page scripts cannot read it and
other sites' pages cannot send it. Only the cookie signs an instructor in: a seat token, a room's
instructor key or an Authorization header never does. Wrong passwords are slowed down (a second
each: `signin_delay`) and limited per account and per client address in windows of `WINDOW` seconds.
"""

from __future__ import annotations

import asyncio
import time

from aiohttp import web
from redis.asyncio import Redis

from server.classroom import accounts
from server.storage import limits
from server.storage.instructors import SESSION_TTL
from server.web.appkeys import REDIS, SETTINGS
from server.web.refusals import json_error
from server.web.security import client_address, origin_allowed, over_https

COOKIE = "brink_instructor"
WINDOW = 900.0
"""Seconds of a window in which wrong passwords are counted."""
WRONG_PER_ACCOUNT = 5
WRONG_PER_ADDRESS = 20


async def instructor_of(request: web.Request) -> str | None:
    """Return the signed-in instructor's name, or None."""
    token = request.cookies.get(COOKIE, "")
    return await accounts.session_name(request.app[REDIS], token) if token else None


async def require_instructor(request: web.Request) -> str:
    """Return the signed-in instructor's name, or raise 401 (`not_instructor`)."""
    name = await instructor_of(request)
    if name is None:
        raise json_error(401, "not_instructor", "sign in as an instructor first")
    return name


def _same_origin(request: web.Request) -> None:
    """A form posted from another site's page is refused (the cookie's SameSite is the first
    guard; this is the second, for browsers that lack it)."""
    if not origin_allowed(request, request.app[SETTINGS]):
        raise json_error(403, "bad_origin", "this request comes from another site")


async def sign_in(request: web.Request) -> web.Response:
    _same_origin(request)
    try:
        body = await request.json()
        name, password = body["name"], body["password"]
        if not isinstance(name, str) or not isinstance(password, str):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise json_error(400, "bad_request", 'send JSON {"name": …, "password": …}') from None
    redis = request.app[REDIS]
    address = client_address(request, request.app[SETTINGS].trusted_proxies)
    now = time.time()
    wait = str(limits.seconds_left(WINDOW, now))
    # Counted before the password is checked, and given back unless it was wrong: counted
    # after, as many guesses sent at once as the server would take were all checked.
    counts = [
        ("signin-name", name[:40], WRONG_PER_ACCOUNT),
        ("signin-addr", address, WRONG_PER_ADDRESS),
    ]
    over = False
    for kind, who, most in counts:
        over = await limits.count(redis, kind, who, WINDOW, now) > most or over
    if over:
        await _give_back(redis, counts, now)
        raise json_error(
            429,
            "too_many_attempts",
            f"too many wrong passwords: try again in {wait} s",
            **{"Retry-After": wait},
        )
    hashed = await accounts.check_password(redis, name, password)
    if hashed is None:
        await asyncio.sleep(request.app[SETTINGS].signin_delay)
        raise json_error(401, "wrong_password", "no such instructor, or a wrong password")
    await _give_back(redis, counts, now)
    token = await accounts.open_session(redis, name, hashed)
    if token is None:  # a new password set (or the account removed) while this was checked
        raise json_error(401, "wrong_password", "no such instructor, or a wrong password")
    response = web.json_response({"name": name})
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_TTL,
        path="/",
        httponly=True,
        samesite="Strict",
        secure=over_https(request, request.app[SETTINGS].trusted_proxies),
    )
    return response


async def _give_back(redis: Redis, counts: list[tuple[str, str, int]], now: float) -> None:
    for kind, who, _ in counts:
        await limits.uncount(redis, kind, who, WINDOW, now)


async def sign_out(request: web.Request) -> web.Response:
    _same_origin(request)
    await accounts.close_session(request.app[REDIS], request.cookies.get(COOKIE, ""))
    response = web.json_response({"name": None})
    response.del_cookie(COOKIE, path="/")
    return response


async def me(request: web.Request) -> web.Response:
    return web.json_response({"name": await require_instructor(request)})


def add_auth_routes(app: web.Application) -> None:
    app.router.add_post("/api/instructor/signin", sign_in)
    app.router.add_post("/api/instructor/signout", sign_out)
    app.router.add_get("/api/instructor/me", me)
