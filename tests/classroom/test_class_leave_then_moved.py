"""A student who clicked Leave and was moved (or taken out) by the class afterwards is credited up
to their Leave, as one who left (a real server, Redis and websockets).

Review finding: the class noted the move where the room's log stood then, and the debrief
joined the two parts (the Leave's, then the move's) into one, up to the move, "moved" — the
seat's play between the Leave and the move (someone else's, or nobody's) credited to them."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, seat_of, seated
from classroom.test_dash_turn_since import watched
from redis.asyncio import Redis

from server.storage.store import Store


async def debrief_of(teacher: Any, code: str, room: str) -> dict[tuple[str, str], Any]:
    async with teacher.get(f"/api/classes/{code}/debrief") as answer:
        assert answer.status == 200, await answer.text()
        rooms = (await answer.json())["rooms"]
    found = next(r for r in rooms if r["code"] == room)
    return {(p["name"], p["seat"]): p for p in found["earlier_seats"]}


@pytest.mark.parametrize("then", ["moved", "removed"])
async def test_a_student_who_left_then_was_moved_or_removed_is_credited_up_to_their_leave(
    server_url: str, redis_url: str, then: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, roster_text="Ada\nBo\n")
        code, (room,) = info["code"], info["rooms"]
        cookie = session_cookie(teacher)
        bo_id = next(s["id"] for s in info["students"] if s["name"] == "Bo")
        _, bo_seat = seat_of(info, "Bo")
        ada, bo = [await seated(server_url, code, n) for n in ("Ada", "Bo")]
        try:
            async with asyncio.timeout(10):
                while not (await watched(server_url, cookie, code, room))["started"]:
                    await asyncio.sleep(0.05)
            await bo.leave()
            async with Redis.from_url(redis_url, decode_responses=True) as redis:
                store = Store(redis)
                async with asyncio.timeout(10):  # its seat_left is in the log
                    while not [t for t in await store.entries_since(room, 0) if "seat_left" in t]:
                        await asyncio.sleep(0.02)
                logged = [json.loads(t) for t in await store.entries_since(room, 0)]
                left_at = next(
                    e["n"] for e in logged if (e.get("notice") or {}).get("kind") == "seat_left"
                )
            if then == "moved":
                body = {"student": bo_id, "room": "new", "seat": bo_seat}
                async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                    assert moved.status == 200, await moved.text()
            else:  # out of the class: only the class's note of it says who Bo was
                async with teacher.delete(f"/api/classes/{code}/students/{bo_id}") as removed:
                    assert removed.status == 200, await removed.text()
            async with teacher.get(f"/api/games/{room}") as game:
                assert game.status == 200, await game.text()
                holders = (await game.json())["holders"]  # the replay names Bo once
            assert holders[bo_seat] == [{"name": "Bo"}]
            earlier = await debrief_of(teacher, code, room)
            part = earlier[("Bo", bo_seat)]
            assert (part["to_n"], part["left"]) == (left_at, True)
        finally:
            for student in (ada, bo):
                await student.close()
