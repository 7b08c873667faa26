"""Instructor accounts: the command line, sign-in with a cookie, who it refuses, slowing guesses."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest
from classkit import PASSWORD, add_instructor, brink, http_base, session_cookie, signed_in
from redis.asyncio import Redis

from client.connection import BrinkClient
from server.classroom import accounts
from server.web.auth import COOKIE, WRONG_PER_ACCOUNT


async def test_a_signed_in_instructor_gets_an_httponly_strict_cookie_and_can_sign_out(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    session = await signed_in(server_url)
    try:
        cookie = next(c for c in session.cookie_jar if c.key == COOKIE)
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
        async with session.get("/api/instructor/me") as me:
            assert me.status == 200 and (await me.json()) == {"name": "ms_li"}
        # Redis never holds the token itself.
        redis = Redis.from_url(redis_url, decode_responses=True)
        keys = [key async for key in redis.scan_iter("{brink}:session:*")]
        await redis.aclose()
        assert len(keys) == 1 and cookie.value not in keys[0]
        async with session.post("/api/instructor/signout") as out:
            assert out.status == 200
        async with session.get("/api/instructor/me") as me:
            assert me.status == 401 and (await me.json())["error"] == "not_instructor"
    finally:
        await session.close()


async def test_an_old_cookie_stops_working_after_sign_out(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url)
    session = await signed_in(server_url)
    stolen = session_cookie(session)
    async with session.post("/api/instructor/signout"):
        pass
    await session.close()
    async with (
        aiohttp.ClientSession(base_url=http_base(server_url)) as other,
        other.get("/api/instructor/me", headers={"Cookie": stolen}) as me,
    ):
        assert me.status == 401


async def test_wrong_passwords_and_unknown_names_are_refused_alike(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with aiohttp.ClientSession(base_url=http_base(server_url)) as session:
        for name, password in [("ms_li", "not the password"), ("nobody", PASSWORD)]:
            async with session.post(
                "/api/instructor/signin", json={"name": name, "password": password}
            ) as answer:
                assert answer.status == 401
                assert (await answer.json())["error"] == "wrong_password"
                assert COOKIE not in answer.cookies
        for body in [b"not json", b'{"name": 3, "password": "x"}', b"{}"]:
            async with session.post("/api/instructor/signin", data=body) as answer:
                assert answer.status == 400 and (await answer.json())["error"] == "bad_request"


async def test_repeated_wrong_passwords_lock_the_account_for_a_while(
    servers: object, redis_url: str
) -> None:
    url = await servers(signin_delay=0.0)  # type: ignore[operator]
    await add_instructor(redis_url)
    async with aiohttp.ClientSession(base_url=http_base(url)) as session:
        for _ in range(WRONG_PER_ACCOUNT):
            async with session.post(
                "/api/instructor/signin", json={"name": "ms_li", "password": "guess guess"}
            ) as answer:
                assert answer.status == 401
        # Now even the right password waits: a guesser cannot go on.
        async with session.post(
            "/api/instructor/signin", json={"name": "ms_li", "password": PASSWORD}
        ) as answer:
            assert answer.status == 429
            assert (await answer.json())["error"] == "too_many_attempts"
            assert int(answer.headers["Retry-After"]) >= 1


async def test_a_page_of_another_site_cannot_sign_in(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url)
    async with (
        aiohttp.ClientSession(base_url=http_base(server_url)) as session,
        session.post(
            "/api/instructor/signin",
            json={"name": "ms_li", "password": PASSWORD},
            headers={"Origin": "http://evil.example"},
        ) as answer,
    ):
        assert answer.status == 403 and (await answer.json())["error"] == "bad_origin"


async def test_seat_tokens_room_keys_and_bearer_headers_are_not_a_sign_in(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with BrinkClient(server_url, "Ada") as student:
        room = await student.create_room("intro", timers=False)
        joined = await student.join(room.code, "washington")
    credentials = [
        {"Authorization": f"Bearer {room.instructor_key}"},
        {"X-Brink-Tokens": f"{room.code}:washington:{joined.token}"},
        {"Cookie": f"{COOKIE}={room.instructor_key}"},
        {"Cookie": f"{COOKIE}={joined.token}"},
        {},
    ]
    async with aiohttp.ClientSession(base_url=http_base(server_url)) as session:
        for headers in credentials:
            async with session.get("/api/instructor/me", headers=headers) as me:
                assert me.status == 401, headers


async def test_the_websocket_knows_the_signed_in_instructor_and_rooms_know_their_owner(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    session = await signed_in(server_url)
    headers = {"Cookie": session_cookie(session)}
    await session.close()
    async with BrinkClient(server_url, "Ms Li", headers=headers) as teacher:
        assert teacher.welcome is not None and teacher.welcome.account == "ms_li"
        room = await teacher.create_room("intro", timers=False)
    async with BrinkClient(server_url, "Ada") as student:
        assert student.welcome is not None and student.welcome.account is None
        other = await student.create_room("intro", timers=False)
    redis = Redis.from_url(redis_url, decode_responses=True)
    owners = [
        await redis.hget(f"brink:room:{{{code}}}", "owner") for code in (room.code, other.code)
    ]
    await redis.aclose()
    assert owners == ["ms_li", ""]


async def test_removing_an_account_ends_its_sign_ins(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url)
    session = await signed_in(server_url)
    try:
        redis = Redis.from_url(redis_url, decode_responses=True)
        await redis.hdel("{brink}:instructors", "ms_li")
        await redis.aclose()
        async with session.get("/api/instructor/me") as me:
            assert me.status == 401
    finally:
        await session.close()


def test_the_command_line_adds_lists_and_removes_instructors(redis_url: str) -> None:
    added = brink(
        "instructor",
        "add",
        "ms_li",
        "--password-stdin",
        "--redis",
        redis_url,
        stdin=PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert "ms_li" in added.stderr
    listed = brink("instructor", "list", "--redis", redis_url)
    assert listed.stdout.split() == ["ms_li"]
    assert brink("instructor", "remove", "ms_li", "--redis", redis_url).returncode == 0
    gone = brink("instructor", "remove", "ms_li", "--redis", redis_url)
    assert gone.returncode == 1 and gone.stderr.count("\n") == 1
    assert "no instructor ms_li" in gone.stderr


@pytest.mark.parametrize(
    ("name", "password", "problem"),
    [
        ("ms li", PASSWORD, "not an account name"),
        ("ms_li", "short", "at least 8"),
    ],
)
def test_the_command_line_refuses_a_bad_name_or_password_in_one_line(
    redis_url: str, name: str, password: str, problem: str
) -> None:
    answer = brink(
        "instructor", "add", name, "--password-stdin", "--redis", redis_url, stdin=password
    )
    assert answer.returncode == (2 if problem == "not an account name" else 1)  # an argument
    assert problem in answer.stderr and answer.stderr.count("\n") == 1
    assert "Traceback" not in answer.stderr


@pytest.mark.parametrize("url", ["localhost:6379", "http://127.0.0.1:6379/0"])
def test_the_command_line_refuses_a_redis_url_that_is_not_one_in_one_line(url: str) -> None:
    answer = brink("instructor", "list", "--redis", url)
    assert answer.returncode == 2  # an argument error, as for every command
    assert answer.stderr.startswith("brink instructor: --redis: Redis URL must specify")
    assert answer.stderr.count("\n") == 1 and "Traceback" not in answer.stderr


def test_the_command_line_uses_the_embedded_redis_of_a_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    added = brink(
        "instructor", "add", "ms_li", "--password-stdin", "--data-dir", str(data), stdin=PASSWORD
    )
    assert added.returncode == 0, added.stderr
    # Kept on disk: a later command (and a later `brink serve`) finds the account.
    assert brink("instructor", "list", "--data-dir", str(data)).stdout.split() == ["ms_li"]


async def test_passwords_are_stored_hashed_with_argon2(redis_url: str) -> None:
    await add_instructor(redis_url)
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        stored = str(await redis.hget("{brink}:instructors", "ms_li"))
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        assert await accounts.check_password(redis, "ms_li", PASSWORD)
        assert not await accounts.check_password(redis, "ms_li", PASSWORD + "!")
    finally:
        await redis.aclose()


async def test_a_password_changed_while_the_old_one_is_checked_opens_no_session(
    redis_url: str,
) -> None:
    """`brink instructor add` again (a stolen password changed) while a sign-in with the old
    one was being checked: the session is refused rather than stamped with the new password."""
    await add_instructor(redis_url)
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        checked = await accounts.check_password(redis, "ms_li", PASSWORD)
        assert checked is not None
        await accounts.add_instructor(redis, "ms_li", "a new password")
        assert await accounts.open_session(redis, "ms_li", checked) is None
        again = await accounts.check_password(redis, "ms_li", "a new password")
        assert again is not None
        token = await accounts.open_session(redis, "ms_li", again)
        assert token is not None and await accounts.session_name(redis, token) == "ms_li"
    finally:
        await redis.aclose()
