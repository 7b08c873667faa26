"""Controls of a whole class: one `control` for every room of the class, one result a room, and
the end of the session marks the class ended (real server, Redis and websockets)."""

from __future__ import annotations

from typing import Any

import pytest
from classkit import add_instructor, signed_in
from controlkit import teacher_headers
from redis.asyncio import Redis

from client.connection import BrinkClient, ServerError
from server.classroom.classes import load_class

ROSTER = "Ada Lovelace\nBo Li\nCy Chen\nDee Wu\nEd Ma\nFay Ho\n"


async def make_class(server_url: str) -> dict[str, Any]:
    async with (
        await signed_in(server_url) as teacher,
        teacher.post(
            "/api/classes", json={"scenario": "intro", "roster_text": ROSTER, "shuffle": False}
        ) as made,
    ):
        assert made.status == 201, await made.text()
        found: dict[str, Any] = await made.json()
        return found


async def test_a_control_of_a_class_reaches_every_room_and_the_end_ends_the_class(
    server_url: str, redis_url: str
) -> None:
    headers = await teacher_headers(server_url, redis_url)
    info = await make_class(server_url)
    code, rooms = info["code"], info["rooms"]
    assert len(rooms) == 3
    async with BrinkClient(server_url, "Ms Li", headers=headers) as teacher:
        said = await teacher.control("broadcast", class_=code, text="Ten minutes left")
        assert [r.room for r in said.results] == rooms
        assert all(r.n is not None and r.code is None for r in said.results)
        # Nobody has sat down yet: every room's clock waits; a pause has nothing to do.
        paused = await teacher.control("pause", class_=code)
        assert paused.results == []  # none has started: nothing to pause, said quietly
        started = await teacher.control("resume", class_=code)  # paused rooms only: none
        assert started.results == []  # the clocks still wait for their players
        for room in rooms:  # a room's own Resume starts its clock
            assert (await teacher.control("resume", room)).results[0].code is None
        paused = await teacher.control("pause", class_=code)
        assert all(r.code is None for r in paused.results)
        async with BrinkClient(server_url, "Sam") as sam:
            joined = await sam.join(rooms[1])
            assert any(
                e.notice and e.notice.kind == "paused" and e.notice.by == "ms_li"
                for e in joined.entries
            )
            assert joined.deadline is None
        ended = await teacher.control("end", class_=code)
        assert all(r.code is None for r in ended.results)
        again = await teacher.control("end", class_=code)
        assert {r.code for r in again.results} == {"game_over"}
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        session = await load_class(redis, code)
    finally:
        await redis.aclose()
    assert session is not None and session.state == "ended"
    async with BrinkClient(server_url, "Sam") as sam:
        watched = await sam.join(rooms[2])
        assert watched.view["outcome"] == "called"


async def test_only_the_owner_controls_a_class(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url)
    info = await make_class(server_url)
    other = await teacher_headers(server_url, redis_url, "mr_wu")
    async with (
        BrinkClient(server_url, "Mr Wu", headers=other) as stranger,
        BrinkClient(server_url, "Nobody") as nobody,
    ):
        with pytest.raises(ServerError) as unsigned:
            await nobody.control("pause", class_=info["code"])
        assert unsigned.value.code == "not_instructor"
        # Another instructor is not told whether the class exists.
        for code in (info["code"], "ZZZZ2"):
            with pytest.raises(ServerError) as refused:
                await stranger.control("pause", class_=code)
            assert refused.value.code == "class_not_found"
