"""A room the dashboard's Move → "A new room" made, left again before anyone played there, is no
room of the class any more (a real server, Redis and websockets).

A tester moved Dan to a new room (Room 3), then back to Room 1, then ended the class: Room 3,
which never had a second side nor a move, was in the debrief as "Ended by the instructor …
222 : 217", counted in its outcomes, drawn on its charts, and had a row in the games' CSV;
before the end the dashboard said it waited for a student, Start all rooms was highlighted
again, and a Pause for every room said "Done in 2 of 3 rooms. C5Y96T: The game has not
started"."""

from __future__ import annotations

import asyncio
import csv
import io

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, seat_of, seated
from classroom.test_dash_turn_since import watched

from client.connection import BrinkClient


async def test_a_new_room_left_before_anyone_played_there_is_dropped(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, roster_text="Ada\nBo\nCy\nDan\n")
        code, rooms = info["code"], info["rooms"]
        assert len(rooms) == 2
        cookie = {"Cookie": session_cookie(teacher)}
        students = [await seated(server_url, code, n) for n in ("Ada", "Bo", "Cy", "Dan")]
        try:
            async with asyncio.timeout(30):  # both rooms' clocks started (a Pause skips others)
                for room in rooms:
                    while not (await watched(server_url, session_cookie(teacher), code, room))[
                        "started"
                    ]:
                        await asyncio.sleep(0.05)
            dan = next(s for s in info["students"] if s["name"] == "Dan")
            home, seat = seat_of(info, "Dan")
            move = {"student": dan["id"], "room": "new", "seat": seat}
            async with teacher.post(f"/api/classes/{code}/move", json=move) as moved:
                assert moved.status == 200, await moved.text()
                assert len((await moved.json())["rooms"]) == 3
            back = {"student": dan["id"], "room": home, "seat": seat}
            async with teacher.post(f"/api/classes/{code}/move", json=back) as moved:
                assert moved.status == 200, await moved.text()
                after = await moved.json()
            assert after["rooms"] == rooms  # the new room, never played, is the class's no more
            assert seat_of(after, "Dan") == (home, seat)
            async with BrinkClient(server_url, "Ms Li", headers=cookie) as board:
                paused = await board.control("pause", class_=code)
                assert [(r.room, r.code) for r in paused.results] == [(r, None) for r in rooms]
                await board.control("end", class_=code)
            async with teacher.get(f"/api/classes/{code}/debrief") as found:
                debrief = await found.json()
            assert sorted(debrief["room_numbers"]) == sorted(rooms)
            async with teacher.get(f"/api/classes/{code}/export.csv?rows=games") as found:
                rows = list(csv.DictReader(io.StringIO((await found.text()).lstrip("\ufeff"))))
            assert sorted(row["room"] for row in rows) == sorted(rooms)
        finally:
            for student in students:
                await student.close()


async def test_a_room_a_removal_leaves_empty_before_anyone_played_there_is_dropped(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        # Cy alone in the second room, a bot for Beijing: nobody has played there
        info = await make_class(teacher, roster_text="Ada\nBo\nCy\n")
        code, rooms = info["code"], info["rooms"]
        assert len(rooms) == 2 and seat_of(info, "Cy")[0] == rooms[1]
        cy = next(s for s in info["students"] if s["name"] == "Cy")
        async with teacher.delete(f"/api/classes/{code}/students/{cy['id']}") as removed:
            assert removed.status == 200, await removed.text()
            assert (await removed.json())["rooms"] == rooms[:1]
