"""The instructor's list of classes once a room's game is over while another still waits for its
players (a real server, Redis and websockets).

A tester's class had Room 1 played to Game over and Room 2 waiting for a student: the list said
"students joining · 5 joined · 2 rooms" (progress `waiting`), as if no room had started."""

from __future__ import annotations

import asyncio
from typing import Any

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, seated
from classroom.test_dash_turn_since import watched

from client.connection import BrinkClient
from server.classroom.progress import progress_of


def test_a_class_with_a_game_over_and_a_room_waiting_is_under_way() -> None:
    counts: dict[Any, int] = {"waiting": 1, "playing": 0, "paused": 0, "finished": 1}
    assert progress_of("open", counts) == "under_way"
    assert progress_of("open", {**counts, "finished": 0}) == "waiting"
    assert progress_of("open", {**counts, "waiting": 0}) == "finished"


async def test_the_list_says_a_class_is_under_way_once_a_room_s_game_is_over(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, title="Period 3", roster_text="Ada\nBo\nCy\nGus\n")
        code, first = info["code"], info["rooms"][0]
        students = [await seated(server_url, code, n) for n in ("Ada", "Bo", "Cy")]
        try:
            async with asyncio.timeout(30):
                while not (await watched(server_url, session_cookie(teacher), code, first))[
                    "started"
                ]:
                    await asyncio.sleep(0.05)
            headers = {"Cookie": session_cookie(teacher)}
            async with BrinkClient(server_url, "Ms Li", headers=headers) as board:
                await board.control("end", room=first)
            async with teacher.get("/api/classes") as found:
                listed = {c["title"]: c for c in await found.json()}
            assert listed["Period 3"]["room_states"] == {
                "waiting": 1,
                "playing": 0,
                "paused": 0,
                "finished": 1,
            }
            assert listed["Period 3"]["progress"] == "under_way"
        finally:
            for student in students:
                await student.close()
