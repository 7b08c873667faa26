"""A room's "thinking for" on the dashboard does not count a pause (a real server, Redis and
websockets).

After a class-wide pause and resume, a room's card said "Slow: waiting on … · 1:39" on a 90 s
turn while its students' pages said 0:29 left: the time the turn had run was counted from when
it began, through the pause. It now moves on by as long as the pause lasted, on the dashboard
that watched the pause and on one opened after it (read from the room's log)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, pushed, seated, until
from classroom.test_dash_turn_since import watched
from redis.asyncio import Redis

from client.connection import BrinkClient
from server.live.loading import now_ms
from server.protocol import ClassView, WatchClass
from server.storage.store import Store


async def notices(redis_url: str, room: str, kind: str) -> list[dict[str, Any]]:
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        raw = await Store(redis).entries_since(room, 0)
    found = [json.loads(text).get("notice") or {} for text in raw]
    return [n for n in found if n.get("kind") == kind]


async def test_the_time_a_turn_has_run_leaves_out_a_pause(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as session:
        info = await make_class(session, roster_text="Ada\nBo\n")
        cookie = session_cookie(session)
    code, room = info["code"], info["rooms"][0]
    ada, bo = await seated(server_url, code, "Ada"), await seated(server_url, code, "Bo")
    try:
        first = await watched(server_url, cookie, code, room)
        assert first["since"] is not None and first["started"]
        async with BrinkClient(
            server_url, "teacher", headers={"Cookie": cookie}, record=True
        ) as teacher:
            view = await teacher.request(WatchClass(code=code))
            assert isinstance(view, ClassView)
            await teacher.control("pause", class_=code)
            paused = (await notices(redis_url, room, "paused"))[-1]
            # the pause lasts a while (a condition on the clock, not a sleep of a given time)
            while now_ms() < paused["at"] + 400:
                await asyncio.sleep(0.05)
            await teacher.control("resume", class_=code)
            resumed = (await notices(redis_url, room, "resumed"))[-1]

            def went_on() -> list[dict[str, Any]]:
                return [
                    r
                    for m in pushed(teacher, "class_rooms")
                    for r in m["rooms"]
                    if r["code"] == room and r["paused"] is None and m["at"] >= resumed["at"]
                ]

            await until(lambda: bool(went_on()))
            lasted = resumed["at"] - paused["at"]
            assert lasted >= 400
            # the dashboard that saw the pause: the turn's start moved on by the pause
            assert went_on()[-1]["since"] == first["since"] + lasted
        # one opened after it reads the same from the room's log
        again = await watched(server_url, cookie, code, room)
        assert again["since"] == first["since"] + lasted
    finally:
        await ada.close()
        await bo.close()
