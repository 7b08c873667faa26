"""A class's Move into a seat the bot had left without its player. Room 1's Beijing Vice
Premier (Student 2) closed the tab, the teacher let a bot play Beijing, the Leader came back and
the bot handed back, then the teacher moved Maximiliano from Room 2 into Room 1's Vice Premier
seat (a swap). The replay header read "Maximiliano → bot Planner (easy) → Student 2": the
student who left was read before the hand-back at the same log position, and the header's last
holder was put where the one the bot stood in for was not known. Against a real server on a
real Redis, over real websockets."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from classkit import add_instructor, session_cookie, signed_in
from classroom.test_debrief_moved_out import seated
from controlkit import control, eventually, notices, until

from client.connection import BrinkClient
from server.replay.record import read_record
from server.replay.show import lines
from server.replay.verify import verify

ROSTER = "Wang Lee\nStudent 1\nLi Lei\nStudent 2\nStudent 4\nStudent 5\nStudent 6\nMaximiliano\n"


async def test_a_student_moved_into_a_seat_the_bot_left_is_named_last(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    setup = {"title": "P5", "scenario": "classroom", "roster_text": ROSTER, "team": 2}
    async with await signed_in(server_url) as teacher:
        async with teacher.post(
            "/api/classes", json={**setup, "shuffle": False, "timers": False}
        ) as made:
            assert made.status == 201, await made.text()
            info = await made.json()
        code, (first, second) = info["code"], info["rooms"]
        names = [line for line in ROSTER.splitlines() if line]
        players = {name: await seated(server_url, code, name) for name in names}
        try:
            where = {name: (c.code, c.seat) for name, c in players.items()}
            vice = [n for n, at in where.items() if at[1] == "beijing:vice_premier"]
            (gone,) = [n for n in vice if where[n][0] == first]
            (maxi,) = [n for n in vice if where[n][0] == second]
            assert (gone, maxi) == ("Student 2", "Maximiliano"), where
            (leader,) = [n for n, at in where.items() if at == (first, "beijing:leader")]
            others = [
                players[n] for n, at in where.items() if at[0] == first and "wash" in str(at[1])
            ]
            await players[gone].drop()  # Student 2 closes the tab, and the Leader goes too
            await players[leader].drop()
            await eventually(lambda: sum(p.status == "away" for p in others[0].presence) == 2)
            headers = {"Cookie": session_cookie(teacher)}
            async with BrinkClient(server_url, "Ms Li", headers=headers) as li:
                await control(li, "bot_in", first, seat="beijing", bot="planner_easy")
                await until(others[0], lambda: notices(others[0], "bot_in"))
                await players[leader].reconnect()  # the Leader comes back: the bot hands back
                await eventually(
                    lambda: any(
                        (p.seat, p.status) == ("beijing:leader", "here") for p in others[0].presence
                    )
                )
                await until(others[0], lambda: notices(others[0], "bot_out"))
                assert notices(others[0], "bot_out")[-1].back == ["beijing:leader"]
            students = {s["name"]: s["id"] for s in info["students"]}
            body = {"student": students[maxi], "room": first, "seat": "beijing:vice_premier"}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
            mover = players[maxi]
            async with asyncio.timeout(10):
                while mover.class_followed is None or mover.class_followed.room != first:
                    await asyncio.sleep(0.02)
            assert mover.class_followed.token is not None
            await mover.resume(first, mover.class_followed.token)
            summary = await _summary(teacher, first)
            assert summary["holders"]["beijing:vice_premier"] == [
                {"name": gone},
                {"bot": "planner_easy"},
                {"name": maxi},
            ]
            # and the record alone, as `brink replay FILE` reads it: the class's Move is in the
            # room's log (`seat_left`), the class's data is not in the record
            async with teacher.get(f"/api/games/{first}/record") as got:
                assert got.status == 200, await got.text()
                record = await got.text()
            told = lines(verify(read_record(record)), "instructor", None, "en")[0]
            assert f"{gone} → bot Planner (easy) → {maxi} (Beijing · Vice Premier)" in told, told
        finally:
            for client in players.values():
                await client.close()


async def _summary(teacher: aiohttp.ClientSession, code: str) -> Any:
    async with teacher.get(f"/api/games/{code}?as=all") as reply:
        assert reply.status == 200, await reply.text()
        return await reply.json()
