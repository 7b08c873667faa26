"""A running game's replay names the students its class moved out of a seat (`holders`); it found
the room's class by reading the owner's classes one by one, the newest 50 only, every time the
page asked (every 5 s while the game runs). A room's class is now named by one key written with
the class (`{brink}:class-of:ROOM`, expiring with the class's keys), so the replay of a room of an
instructor's 51st-newest class names them too, in two reads."""

from __future__ import annotations

import aiohttp
from classkit import add_instructor, signed_in
from classroom.test_debrief_moved_out import seated
from faultkit import step
from redis.asyncio import Redis

from server.storage.classes import CLASS_TTL, ClassStore, class_key, class_of_key


async def _make(teacher: aiohttp.ClientSession, **setup: object) -> dict[str, object]:
    body = {"title": "P3", "scenario": "intro", "shuffle": False, "timers": False, **setup}
    async with teacher.post("/api/classes", json=body) as made:
        assert made.status == 201, await made.text()
        info: dict[str, object] = await made.json()
        return info


async def test_a_class_names_itself_the_class_of_each_of_its_rooms(
    redis: Redis, server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await _make(teacher, roster_text="Ada\nBo\nCy\n")
        code, rooms = str(info["code"]), list(info["rooms"])  # type: ignore[call-overload]
        assert len(rooms) == 2
        store = ClassStore(redis)
        for room in rooms:
            assert await store.class_of(room) == code
            # it lives as long as the class's keys
            assert abs(await redis.ttl(class_of_key(room)) - await redis.ttl(class_key(code))) <= 1
            assert 0 < await redis.ttl(class_of_key(room)) <= CLASS_TTL
        # rooms made later (latecomers', a student moved to a new one) are named too
        async with teacher.post(f"/api/classes/{code}/students", json={"names": ["Di"]}) as added:
            assert added.status == 200, await added.text()
        body = {"student": "s1", "room": "new", "seat": "washington"}
        async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
            assert moved.status == 200, await moved.text()
            later = (await moved.json())["rooms"]
        assert len(later) > len(rooms)
        for room in later:
            assert await store.class_of(room) == code
        assert await store.class_of("NOSUCH") is None


async def test_a_running_game_s_replay_finds_its_class_past_the_owner_s_newest_50(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await _make(teacher, roster_text="Ada\nBo\nCy\nDi\n")
        code, (first, second) = str(info["code"]), list(info["rooms"])  # type: ignore[call-overload]
        students = [await seated(server_url, code, n) for n in ("Ada", "Bo", "Cy", "Di")]
        try:
            ada, bo = students[0], students[1]
            assert (ada.code, ada.seat) == (first, "washington")
            assert await step({"washington": ada, "beijing": bo})
            # Ada moves to Room 2: she held Room 1's Washington seat until now
            body = {"student": "s1", "room": second, "seat": "washington"}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
            # 50 newer classes (open ones: no rooms made)
            for n in range(50):
                await _make(teacher, title=f"Later {n}", mode="open")
            async with teacher.get(f"/api/games/{first}") as reply:
                assert reply.status == 200, await reply.text()
                summary = await reply.json()
            assert summary["outcome"] is None  # still being played
            assert summary["holders"]["washington"][0] == {"name": "Ada"}
        finally:
            for student in students:
                await student.close()
