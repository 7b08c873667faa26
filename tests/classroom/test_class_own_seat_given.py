"""Giving a class's student the seat they hold already (the room's Controls › Seats, by their
name): the class then sat them nowhere, their page was put out of the seat, and a new link held
it. Now it is refused (`holds_seat`): the student keeps the seat, in the class's record and in
the room; giving it to anyone else still takes it from them."""

from __future__ import annotations

import aiohttp
import pytest
from classkit import session_cookie
from classroom.test_class_seat_left import playing
from controlkit import control, notices

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check


async def where(
    teacher: aiohttp.ClientSession, code: str, name: str
) -> tuple[str | None, str | None]:
    """Where the class seats `name` (room, seat)."""
    async with teacher.get(f"/api/classes/{code}") as got:
        found = await got.json()
    student = next(s for s in found["students"] if s["name"] == name)
    return student["room"], student["seat"]


async def test_giving_a_student_their_own_seat_is_refused_and_they_stay_seated(
    server_url: str, redis_url: str
) -> None:
    async with playing(server_url, redis_url) as lesson:
        one, _ = lesson.watchers
        first = lesson.rooms[0]
        cookie = {"Cookie": session_cookie(lesson.teacher)}
        async with BrinkClient(server_url, "Ms Li", headers=cookie) as li:
            with pytest.raises(ServerError) as refused:
                await control(li, "reassign", first, seat="washington", name=" ada ")
            assert refused.value.code == "holds_seat"
            assert await where(lesson.teacher, lesson.code, "Ada") == (first, "washington")
            assert notices(one, "reassigned") == []
            await lesson.students["Ada"].act(Check())  # her seat is still hers

            # given to someone else, it is theirs: Ada sits nowhere
            done = await control(li, "reassign", first, seat="washington", name="Ivy Lee")
            assert done.results[0].token is not None
            assert await where(lesson.teacher, lesson.code, "Ada") == (None, None)
