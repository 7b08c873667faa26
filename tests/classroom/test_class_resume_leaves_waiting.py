"""A class's Resume goes on with the rooms that were paused, and leaves a room still waiting for
its players as it is: its clock starts when they sit down (or with Start all rooms, or the
room's own Resume). Real server, Redis and websockets.

It started the clock of every room still waiting for its students: a room whose Beijing had
not arrived ran its turns with nobody there, timing them out one by one."""

from __future__ import annotations

import asyncio

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, seat_of, seated
from classroom.test_dash_turn_since import watched

from client.connection import BrinkClient


async def test_a_class_resume_leaves_a_room_waiting_for_its_players_waiting(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, roster_text="Ada\nBo\nCy\nDi\n")
        code, (first, second) = info["code"], info["rooms"]
        assert seat_of(info, "Ada")[0] == seat_of(info, "Bo")[0] == first
        cookie = session_cookie(teacher)
        students = [await seated(server_url, code, n) for n in ("Ada", "Bo")]  # not Cy, Di
        try:
            async with asyncio.timeout(10):
                while not (await watched(server_url, cookie, code, first))["started"]:
                    await asyncio.sleep(0.05)
            headers = {"Cookie": cookie}
            async with BrinkClient(server_url, "Ms Li", headers=headers) as li:
                paused = await li.control("pause", class_=code)
                assert [(r.room, r.code) for r in paused.results] == [(first, None)]
                resumed = await li.control("resume", class_=code)
                assert [(r.room, r.code) for r in resumed.results] == [(first, None)]
            now = await watched(server_url, cookie, code, second)
            assert not now["started"]  # still waiting for Cy and Di: no clock runs there
            assert now["held_up"]["reason"] == "not_started"
            assert (await watched(server_url, cookie, code, first))["paused"] is None
        finally:
            for student in students:
                await student.close()
