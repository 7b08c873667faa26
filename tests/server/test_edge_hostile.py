"""A hostile stranger at the HTTP API (docs/security.md): guesses sent all at once, a form
posted from another site with the instructor's cookie, JSON nested too deep, bodies too large or
too slow, and the cookie's Secure flag behind a TLS proxy."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from classkit import PASSWORD, add_instructor, http_base, session_cookie, signed_in
from redis.asyncio import Redis

from client.connection import BrinkClient
from server.settings import Settings
from server.web.app import create_app
from server.web.appkeys import BODY_SECONDS
from server.web.auth import COOKIE, WRONG_PER_ACCOUNT, WRONG_PER_ADDRESS

EVIL = "http://127.0.0.1:9999"
"""Another site's page: the same host on another port is the same *site* to a browser, so a
SameSite=Strict cookie goes with its requests."""


async def _sign_ins(url: str, names: list[str], password: str) -> Counter[int]:
    """Send a sign-in for each of `names` at once; return how many got each status."""
    async with aiohttp.ClientSession(base_url=http_base(url)) as session:

        async def one(name: str) -> int:
            body = {"name": name, "password": password}
            async with session.post("/api/instructor/signin", json=body) as answer:
                return answer.status

        return Counter(await asyncio.gather(*(one(name) for name in names)))


async def test_guesses_sent_all_at_once_are_limited_as_one_by_one(
    servers: object, redis_url: str
) -> None:
    url = await servers(signin_delay=0.0)  # type: ignore[operator]
    await add_instructor(redis_url)
    got = await _sign_ins(url, ["ms_li"] * (3 * WRONG_PER_ACCOUNT), "guess guess")
    assert got[401] == WRONG_PER_ACCOUNT and got[429] == 2 * WRONG_PER_ACCOUNT, got
    # ... and the right password waits too.
    assert await _sign_ins(url, ["ms_li"], PASSWORD) == Counter({429: 1})


async def test_guesses_at_many_names_at_once_are_limited_per_address(
    servers: object, redis_url: str
) -> None:
    url = await servers(signin_delay=0.0)  # type: ignore[operator]
    names = [f"teacher{n}" for n in range(WRONG_PER_ADDRESS + 10)]
    got = await _sign_ins(url, names, "guess guess")
    assert got[401] == WRONG_PER_ADDRESS and got[429] == 10, got


async def test_a_right_password_is_not_counted_as_a_guess(servers: object, redis_url: str) -> None:
    url = await servers(signin_delay=0.0)  # type: ignore[operator]
    await add_instructor(redis_url)
    for _ in range(WRONG_PER_ACCOUNT + 2):
        assert await _sign_ins(url, ["ms_li"], PASSWORD) == Counter({200: 1})
    redis = Redis.from_url(redis_url, decode_responses=True)
    counts = [await redis.get(key) async for key in redis.scan_iter("brink:limit:signin-*")]
    await redis.aclose()
    assert all(count in (None, "0") for count in counts), counts


async def _rooms(redis_url: str) -> set[str]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    found = {key async for key in redis.scan_iter("brink:room:*") if ":" not in key[11:]}
    await redis.aclose()
    return found


async def test_a_page_of_another_site_cannot_use_the_instructors_cookie(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    session = await signed_in(server_url)
    cookie = session_cookie(session)
    await session.close()
    async with (
        BrinkClient(server_url, "Ms Li", headers={"Cookie": cookie}) as teacher,
        BrinkClient(server_url, "Bo") as student,
    ):
        joined = await teacher.create_room("intro", timers=False)
        await teacher.join(joined.code, "washington")
        await student.join(joined.code, "beijing")
        async with (
            aiohttp.ClientSession(base_url=http_base(server_url)) as page,
            page.get(f"/api/games/{joined.code}", headers={"Cookie": cookie}) as answer,
        ):
            step = (await answer.json())["entries"]
        before = await _rooms(redis_url)
        fork = f"/api/games/{joined.code}/fork"
        public = f"/api/games/{joined.code}/public"
        # What a form another site serves posts: text/plain, JSON-looking, the cookie attached.
        async with aiohttp.ClientSession(base_url=http_base(server_url)) as evil:
            for path, body in [(fork, f'{{"step": {step}}}'), (public, '{"public": true}')]:
                headers = {"Cookie": cookie, "Origin": EVIL, "Content-Type": "text/plain"}
                async with evil.post(path, data=body, headers=headers) as answer:
                    assert answer.status == 403, (path, answer.status, await answer.text())
                    assert (await answer.json())["error"] == "bad_origin"
        assert await _rooms(redis_url) == before
        # The server's own page (its Origin is the server's) still may.
        own = {"Cookie": cookie, "Origin": http_base(server_url)}
        async with (
            aiohttp.ClientSession(base_url=http_base(server_url)) as page,
            page.post(fork, json={"step": step}, headers=own) as answer,
        ):
            assert answer.status == 200, await answer.text()
        assert len(await _rooms(redis_url)) == len(before) + 1


@pytest.mark.parametrize("path", ["/api/instructor/signin", "/api/classes/ABCDEF/join"])
async def test_json_nested_too_deep_is_a_400_not_a_500(server_url: str, path: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    async with (
        aiohttp.ClientSession(base_url=http_base(server_url)) as session,
        session.post(path, data=deep, headers={"Content-Type": "application/json"}) as answer,
    ):
        assert answer.status in (400, 404), (answer.status, await answer.text())
        assert answer.content_type == "application/json"


async def test_a_body_over_a_mib_is_refused_but_by_the_import(server_url: str) -> None:
    big = b'{"name": "ms_li", "password": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    async with aiohttp.ClientSession(base_url=http_base(server_url)) as session:
        async with session.post("/api/instructor/signin", data=big) as answer:
            assert answer.status == 413 and (await answer.json())["error"] == "too_large"
        async with session.post("/api/games/import", data=b"x" * (2 * 1024 * 1024)) as answer:
            assert answer.status == 400 and (await answer.json())["error"] == "bad_record"


async def _chunks(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), 64 * 1024):
        yield body[start : start + 64 * 1024]


async def test_a_chunked_body_over_a_mib_is_refused_too(server_url: str) -> None:
    """Sent in chunks, a body has no Content-Length to refuse it by: it is counted as read."""
    big = b'{"name": "ms_li", "password": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    async with (
        aiohttp.ClientSession(base_url=http_base(server_url)) as session,
        session.post("/api/instructor/signin", data=_chunks(big)) as answer,
    ):
        assert answer.status == 413 and (await answer.json())["error"] == "too_large"


@pytest.fixture
async def patient_half_a_second(redis_url: str, tmp_path: Path) -> AsyncIterator[int]:
    """A server that waits half a second for a request's body; yields its port."""
    app = create_app(Settings(redis_url=redis_url, data_dir=tmp_path, bot_delay=0.0))
    app[BODY_SECONDS] = 0.5
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    await runner.cleanup()


@pytest.mark.parametrize("path", ["/api/games/import", "/api/instructor/signin"])
async def test_a_body_that_stalls_is_refused_and_its_connection_closed(
    patient_half_a_second: int, path: str
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", patient_half_a_second)
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n".encode()
        + b'{"type": "hea'
    )
    await writer.drain()
    # Nothing more is sent. The guard is no timed assertion: without the deadline the server
    # would wait for ever.
    answer = await asyncio.wait_for(reader.read(), 30)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b'"too_slow"' in answer


async def test_the_cookie_is_secure_when_our_proxy_says_the_browser_came_over_https(
    servers: object, redis_url: str
) -> None:
    await add_instructor(redis_url)
    proxied = await servers(trusted_proxies=["127.0.0.1/32"])  # type: ignore[operator]
    direct = await servers()  # type: ignore[operator]
    body = {"name": "ms_li", "password": PASSWORD}
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    for url, secure in [(proxied, True), (direct, False)]:
        async with (
            aiohttp.ClientSession(base_url=http_base(url)) as session,
            session.post("/api/instructor/signin", json=body, headers=https) as answer,
        ):
            assert answer.status == 200
            assert bool(answer.cookies[COOKIE]["secure"]) is secure, url


async def test_an_ipv6_client_counts_as_its_slash_64(servers: object) -> None:
    """A home or a rented machine has a whole /64: each of its addresses may not count anew."""
    url = await servers(signin_delay=0.0, trusted_proxies=["127.0.0.1/32"])  # type: ignore[operator]
    got: Counter[int] = Counter()
    async with aiohttp.ClientSession(base_url=http_base(url)) as session:

        async def guess(n: int, network: str = "2001:db8:5:6") -> int:
            body = {"name": f"teacher{n}", "password": "guess guess"}
            forwarded = {"X-Forwarded-For": f"{network}::{n:x}"}
            async with session.post("/api/instructor/signin", json=body, headers=forwarded) as a:
                return a.status

        got.update(await asyncio.gather(*(guess(n) for n in range(1, WRONG_PER_ADDRESS + 6))))
        assert got == Counter({401: WRONG_PER_ADDRESS, 429: 5}), got
        assert await guess(1, "2001:db8:5:7") == 401  # the next /64 is someone else


async def test_records_imported_from_one_address_are_limited_in_bytes(server_url: str) -> None:
    """Each import is read and verified on the event loop and kept in Redis for days: one
    address may not send 16 MiB records one after the other."""
    junk = b"x" * (7 * 1024 * 1024)  # refused as no record, but sent, read and counted
    got = []
    async with aiohttp.ClientSession(base_url=http_base(server_url)) as session:
        for _ in range(3):
            async with session.post("/api/games/import", data=junk) as answer:
                got.append((answer.status, (await answer.json())["error"]))
                retry = answer.headers.get("Retry-After")
    assert got == [(400, "bad_record"), (400, "bad_record"), (429, "too_many_imports")], got
    assert retry is not None and int(retry) >= 1


async def test_a_new_password_ends_the_sign_ins_made_with_the_old_one(
    server_url: str, redis_url: str
) -> None:
    """After a stolen cookie, the instructor's remedy is a new password: the thief's sign-in
    must stop working with it, as must one of an account removed and made again."""
    await add_instructor(redis_url)
    base = http_base(server_url)
    stolen = session_cookie(session := await signed_in(server_url))
    await session.close()
    await add_instructor(redis_url, password="a brand new password")
    again = session_cookie(session := await signed_in(server_url, password="a brand new password"))
    await session.close()
    redis = Redis.from_url(redis_url, decode_responses=True)
    await redis.hdel("{brink}:instructors", "ms_li")
    await redis.aclose()
    await add_instructor(redis_url, password="someone else's password")
    async with aiohttp.ClientSession(base_url=base) as other:
        for cookie in (stolen, again):
            async with other.get("/api/instructor/me", headers={"Cookie": cookie}) as me:
                assert me.status == 401, cookie
        async with BrinkClient(server_url, "Thief", headers={"Cookie": stolen}) as thief:
            assert thief.welcome is not None and thief.welcome.account is None
    fresh = await signed_in(server_url, password="someone else's password")
    async with fresh.get("/api/instructor/me") as me:
        assert me.status == 200
    await fresh.close()


async def test_malformed_requests_and_cut_bodies_log_no_traceback(
    server_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Any stranger can send these as fast as they like: they may not fill the log with
    ERROR tracebacks (one line at DEBUG each, naming the fault, none of the client's bytes)."""
    port = int(http_base(server_url).rsplit(":", 1)[1])
    caplog.set_level(logging.DEBUG, "aiohttp.server")
    headers = b"".join(b"X-%d: a\r\n" % n for n in range(5000))
    long_line = b"X-Brink-Tokens: " + b"s3cr3t" * 2000 + b"\r\n"
    for sent, closes in [
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n", False),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + long_line + b"\r\n", False),
        (b"POST /api/games/import HTTP/1.1\r\nHost: x\r\nContent-Length: 9999\r\n\r\nab", True),
    ]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(sent)
        await writer.drain()
        if closes:  # gone in the middle of its body
            await asyncio.sleep(0.2)
            writer.transport.abort()
        else:
            assert (await asyncio.wait_for(reader.read(), 30)).startswith(b"HTTP/1.0 400")
            writer.close()
    async with asyncio.timeout(30):  # until the server has noticed the cut connection too
        while len(told := [r for r in caplog.records if r.name == "aiohttp.server"]) < 3:
            await asyncio.sleep(0.05)
    assert all(r.levelno == logging.DEBUG and not r.exc_info for r in told), told
    assert not any("s3cr3t" in r.getMessage() for r in caplog.records)
