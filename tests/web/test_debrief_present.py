"""The presenter-led replay on real servers (two processes on one Redis, real websockets): the
class's instructor presents a step; every student following the class, on either process, is
told the room, step and view with a grant that opens exactly that view of that game; who may
present what; the end of the presentation."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from classkit import add_instructor, http_base, session_cookie, signed_in
from serverkit import Start

from client.connection import BrinkClient, ServerError
from server.protocol import FollowClass, Present

ROSTER = "Ada\nBo\nCy\nDee\n"


async def make_class(teacher: aiohttp.ClientSession) -> dict[str, Any]:
    body = {"scenario": "intro", "roster_text": ROSTER, "shuffle": False, "same_deal": True}
    async with teacher.post("/api/classes", json=body) as made:
        assert made.status == 201, await made.text()
        found: dict[str, Any] = await made.json()
    return found


async def student(url: str, code: str, name: str) -> BrinkClient:
    """A student's browser: joined the class by name, following it."""
    async with (
        aiohttp.ClientSession(base_url=http_base(url)) as anyone,
        anyone.post(f"/api/classes/{code}/join", json={"name": name}) as joined,
    ):
        assert joined.status == 200, await joined.text()
        token = (await joined.json())["token"]
    client = BrinkClient(url, name, record=True)
    await client.connect()
    await client.request(FollowClass(code=code, token=token))
    return client


def presented(client: BrinkClient) -> list[dict[str, Any]]:
    found = [json.loads(text) for text in client.received]
    return [m for m in found if m.get("type") == "presented"]


async def until(predicate: Callable[[], bool], timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


async def step_as(url: str, room: str, viewer: str, grant: str | None) -> int:
    headers = {"X-Brink-Present": grant} if grant else {}
    async with (
        aiohttp.ClientSession(base_url=http_base(url)) as browser,
        browser.get(f"/api/games/{room}/step?n=3&as={viewer}", headers=headers) as reply,
    ):
        return reply.status


@pytest.fixture
async def two(servers: Start, redis_url: str) -> tuple[str, str]:
    await add_instructor(redis_url, "ms_li")
    await add_instructor(redis_url, "mr_wu")
    return await servers(), await servers()


async def test_every_student_following_the_class_is_told_the_step_on_either_process(
    two: tuple[str, str],
) -> None:
    one, other = two
    async with await signed_in(one, "ms_li") as web:
        info = await make_class(web)
        code, rooms = info["code"], info["rooms"]
        ada, dee = await student(one, code, "Ada"), await student(other, code, "Dee")
        headers = {"Cookie": session_cookie(web)}
        async with BrinkClient(one, "Ms Li", headers=headers) as teacher:
            # the games still run: only as a spectator saw them
            with pytest.raises(ServerError) as refused:
                await teacher.request(Present(code=code, room=rooms[1], step=3, viewer="all"))
            assert refused.value.code == "not_over"
            await teacher.request(Present(code=code, room=rooms[1], step=3, viewer="spectator"))
            await until(lambda: bool(presented(ada)) and bool(presented(dee)))
            told = presented(dee)[-1]
            assert told == {**presented(ada)[-1]}
            assert (told["code"], told["room"], told["step"], told["viewer"]) == (
                code,
                rooms[1],
                3,
                "spectator",
            )
            grant = told["grant"]
            # the grant opens that game as a spectator, and nothing more
            assert await step_as(one, rooms[1], "spectator", grant) == 200
            assert await step_as(one, rooms[1], "spectator", None) == 404
            assert await step_as(one, rooms[1], "all", grant) == 403
            assert await step_as(one, rooms[0], "spectator", grant) == 404
            # the 2025 line, all-seeing; then the next step; then the end
            await teacher.request(Present(code=code, room="H2025", step=12, viewer="all"))
            await teacher.request(Present(code=code, room="H2025", step=13, viewer="all"))
            # each student on their own process: wait for both to be told
            await until(lambda: [m["step"] for m in presented(dee)][-1:] == [13])
            await until(lambda: [m["step"] for m in presented(ada)][-1:] == [13])
            assert [m["step"] for m in presented(ada)] == [3, 12, 13]
            await teacher.request(Present(code=code, stop=True))
            await until(lambda: presented(ada)[-1]["room"] is None)
            await until(lambda: presented(dee)[-1]["room"] is None)
        for client in (ada, dee):
            await client.close()


async def test_only_the_classs_instructor_presents_and_only_its_rooms(
    two: tuple[str, str], redis_url: str
) -> None:
    one, _ = two
    async with await signed_in(one, "ms_li") as li, await signed_in(one, "mr_wu") as wu:
        info = await make_class(li)
        theirs = await make_class(wu)
        code = info["code"]
        ada = await student(one, code, "Ada")
        room = info["rooms"][0]
        cases = [
            ({}, Present(code=code, room=room, viewer="spectator"), "not_instructor"),
            (
                {"Cookie": session_cookie(wu)},
                Present(code=code, room=room, viewer="spectator"),
                "class_not_found",
            ),
            (
                {"Cookie": session_cookie(li)},
                Present(code=code, room=theirs["rooms"][0], viewer="spectator"),
                "room_not_in_class",
            ),
        ]
        for headers, request, error in cases:
            async with BrinkClient(one, "someone", headers=headers) as client:
                with pytest.raises(ServerError) as refused:
                    await client.request(request)
                assert refused.value.code == error
        # a student of the class may not present either (a class token is not a sign-in)
        with pytest.raises(ServerError) as refused:
            await ada.request(Present(code=code, room=room, viewer="spectator"))
        assert refused.value.code == "not_instructor"
        # nothing was published: the first step Ada is told of is the one her teacher presents
        async with BrinkClient(one, "Ms Li", headers={"Cookie": session_cookie(li)}) as teacher:
            await teacher.request(Present(code=code, room="H2025", step=5))
        await until(lambda: bool(presented(ada)))
        assert [(m["room"], m["step"]) for m in presented(ada)] == [("H2025", 5)]
        await ada.close()
