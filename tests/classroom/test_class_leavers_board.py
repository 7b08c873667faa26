"""Students who gave their seat up themselves, and a team without its final say, as the
dashboard and the debrief's credits see them (a real server, Redis and websockets).

A tester's class: a Beijing Vice Premier played, clicked Leave and did not come back; the
dashboard still seated her (a hollow dot, "Room 2 · Beijing · Vice Premier") and the debrief
and the games' CSV left her out. A room waiting for a moved student whose page was closed
said only "a player left", not whom it waited for. A team whose President was moved out could
neither fold nor accept a deal, and the dashboard did not flag it."""

from __future__ import annotations

import asyncio
from typing import Any

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, pushed, seated, until
from classroom.test_dash_turn_since import watched
from redis.asyncio import Redis

from client.connection import BrinkClient
from server.classroom.classes import load_class
from server.classroom.leavers import class_held, entry_lefts, log_entries
from server.protocol import ClassView, WatchClass
from server.storage.store import Store


def seat(summary: dict[str, Any], which: str) -> dict[str, Any]:
    return next(s for s in summary["seats"] if s["seat"] == which)


async def test_a_leaver_shows_as_left_and_is_credited_and_a_leadless_team_is_flagged(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        # Washington: Ada (President), Bo; Beijing: Cy (Leader), Di (Vice Premier)
        info = await make_class(teacher, roster_text="Ada\nBo\nCy\nDi\n", team=2)
        code, (room,) = info["code"], info["rooms"]
        cookie = session_cookie(teacher)
        ids = {s["name"]: s["id"] for s in info["students"]}
        ada, bo, cy, di = [await seated(server_url, code, n) for n in ("Ada", "Bo", "Cy", "Di")]

        async def move(name: str, to: str, where: str) -> dict[str, Any]:
            body = {"student": ids[name], "room": to, "seat": where}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
                found: dict[str, Any] = await moved.json()
                return found

        try:
            async with asyncio.timeout(10):
                while not (await watched(server_url, cookie, code, room))["started"]:
                    await asyncio.sleep(0.05)
            # the President moved out: Bo may not fold nor accept a deal
            second = (await move("Ada", "new", "washington:president"))["rooms"][1]
            now = await watched(server_url, cookie, code, room)
            assert now["held_up"] == {"reason": "no_lead", "seats": ["washington:president"]}

            # Di clicks Leave: her seat is left, not hers any more (on a dashboard watching,
            # and on one opened after)
            headers = {"Cookie": cookie}
            async with BrinkClient(server_url, "Ms Li", headers=headers, record=True) as board:
                assert isinstance(await board.request(WatchClass(code=code)), ClassView)
                await di.leave()

                def vice() -> list[dict[str, Any]]:
                    return [
                        seat(r, "beijing:vice_premier")
                        for m in pushed(board, "class_rooms")
                        for r in m["rooms"]
                        if r["code"] == room
                    ]

                await until(lambda: any(s.get("left") for s in vice()))
            now = await watched(server_url, cookie, code, room)
            assert seat(now, "beijing:vice_premier")["left"] is True
            assert seat(now, "beijing:leader").get("left") is None
            async with Redis.from_url(redis_url, decode_responses=True) as redis:
                session = await load_class(redis, code)
                assert session is not None
                lefts = {room: entry_lefts(log_entries(await Store(redis).entries_since(room, 0)))}
                held = class_held(session, lefts)
            assert [(h["name"], h["seat"], h["left"]) for h in held if h["room"] == room] == [
                ("Ada", "washington:president", False),
                ("Di", "beijing:vice_premier", True),
            ]
            # and the debrief credits her, read from the room's record (review: not its live log)
            async with teacher.get(f"/api/classes/{code}/debrief") as answer:
                assert answer.status == 200, await answer.text()
                first = (await answer.json())["rooms"][0]
            earlier = {(p["name"], p["seat"]): p for p in first["earlier_seats"]}
            assert earlier[("Di", "beijing:vice_premier")]["left"] is True

            # Cy's page closed; moved out and back, the room waits for him, by name
            await cy.close()
            await move("Cy", second, "beijing:leader")
            await move("Cy", room, "beijing:leader")
            now = await watched(server_url, cookie, code, room)
            assert now["held_up"] == {
                "reason": "paused",
                "by": "system",
                "why": "no_seat",
                "seats": ["beijing:leader"],
            }
        finally:
            for student in (ada, bo, cy, di):
                await student.close()
