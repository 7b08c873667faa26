"""A class's room whose game never started (a rostered student never came) is reported as not
played when the session ends (a real server, Redis and websockets).

A tester ended "Period 3" with Gus never joined: Room 2, still "Not started: waiting for …",
showed "Winner: Washington 233 : 218" in the debrief, and its games CSV row read
`called,washington,233,218,…,True` with no duration; then its row still counted the
instructor's End as "1 decision" (now the replay layer's debrief says so itself:
tests/replay/test_debrief_not_played.py)."""

from __future__ import annotations

import asyncio
import csv
import io

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, seated
from classroom.test_dash_turn_since import watched

from client.connection import BrinkClient


async def test_a_room_never_started_is_not_played_in_the_debrief_and_exports(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, roster_text="Ada\nBo\nCy\nGus\n")
        code, rooms = info["code"], info["rooms"]
        assert len(rooms) == 2
        cookie = {"Cookie": session_cookie(teacher)}
        students = [await seated(server_url, code, n) for n in ("Ada", "Bo", "Cy")]
        try:
            played, waiting = rooms
            async with asyncio.timeout(30):
                while not (await watched(server_url, session_cookie(teacher), code, played))[
                    "started"
                ]:
                    await asyncio.sleep(0.05)
            assert not (await watched(server_url, session_cookie(teacher), code, waiting))[
                "started"
            ]
            async with BrinkClient(server_url, "Ms Li", headers=cookie) as board:
                await board.control("end", class_=code)
            async with teacher.get(f"/api/classes/{code}/debrief") as found:
                debrief = await found.json()
            by_code = {room["code"]: room for room in debrief["rooms"]}
            assert by_code[played]["played"] is True
            assert by_code[played]["winner"] is not None or by_code[played]["scores"]
            gone = by_code[waiting]
            assert gone["played"] is False
            assert gone["outcome"] == "not_played"
            assert gone["winner"] is None and gone["scores"] == {}
            assert gone["objectives_met"] == {}
            # the instructor's End is no decision of a game that never started, nor a turning point
            assert (gone["decisions"], gone["hands"], gone["turning_points"]) == (0, 0, [])
            assert debrief["outcomes"]["not_played"] == 1
            assert sum(debrief["outcomes"].values()) == 2
            async with teacher.get(f"/api/classes/{code}/export.csv?rows=games") as found:
                rows = list(csv.DictReader(io.StringIO((await found.text()).lstrip("\ufeff"))))
            row = next(r for r in rows if r["room"] == waiting)
            assert row["outcome"] == "not_played"
            assert row["winner"] == row["score_washington"] == row["score_beijing"] == ""
            assert row["objective_washington_met"] == row["objective_beijing_met"] == ""
            assert (row["decisions"], row["hands"]) == ("0", "0")  # was "1 decision", hand 1
            other = next(r for r in rows if r["room"] == played)
            assert other["outcome"] != "not_played" and other["score_washington"] != ""
            async with teacher.get(f"/api/classes/{code}/export.json") as found:
                whole = await found.json()
            game = next(r for r in whole["games"] if r["room"] == waiting)
            assert (game["outcome"], game["winner"], game["decisions"]) == ("not_played", "", 0)
            assert whole["debrief"]["outcomes"]["not_played"] == 1
        finally:
            for student in students:
                await student.close()
