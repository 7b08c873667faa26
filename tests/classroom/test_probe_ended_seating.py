"""A class that has ended seats nobody any more. Add students and Move (to a new room) still
worked after "End the session": each made a new live room in the ended class, waiting for
players who could not join it (class_over), and a moved student's browser left the game's end
for it; the class's room list, the dashboard and the debrief grew a room that never played."""

from __future__ import annotations

from classkit import add_instructor, session_cookie, signed_in
from redis.asyncio import Redis

from client.connection import BrinkClient


async def test_an_ended_class_takes_no_new_students_and_moves_nobody(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    setup = {"scenario": "intro", "roster_text": "Ada\nBo\nCy\nDee\n", "shuffle": False}
    async with await signed_in(server_url) as teacher:
        async with teacher.post("/api/classes", json=setup) as made:
            assert made.status == 201, await made.text()
            before = await made.json()
        code, ada = before["code"], before["students"][0]
        async with BrinkClient(
            server_url, "Ms Li", headers={"Cookie": session_cookie(teacher)}
        ) as li:
            await li.control("end", class_=code)

        async with teacher.post(f"/api/classes/{code}/students", json={"names": ["Eve"]}) as r:
            assert r.status == 409, await r.text()
            assert (await r.json())["error"] == "class_over"
        for room, seat in (("new", "beijing"), (before["rooms"][1], "beijing")):
            move = {"student": ada["id"], "room": room, "seat": seat}
            async with teacher.post(f"/api/classes/{code}/move", json=move) as r:
                assert r.status == 409, await r.text()
                assert (await r.json())["error"] == "class_over"
        # nothing changed
        async with teacher.get(f"/api/classes/{code}") as r:
            after = await r.json()
        assert after["state"] == "ended"
        assert after["rooms"] == before["rooms"]
        assert [(s["name"], s["room"], s["seat"]) for s in after["students"]] == [
            (s["name"], s["room"], s["seat"]) for s in before["students"]
        ]
        # nor lets anyone in again (they could not join: class_over) nor takes anyone out
        async with teacher.post(f"/api/classes/{code}/students/{ada['id']}/let-in") as r:
            assert r.status == 409, await r.text()
            assert (await r.json())["error"] == "class_over"
        async with teacher.delete(f"/api/classes/{code}/students/{ada['id']}") as r:
            assert r.status == 409, await r.text()
            assert (await r.json())["error"] == "class_over"


async def rooms_in(redis: Redis) -> set[str]:
    return {key.split("{")[1].split("}")[0] async for key in redis.scan_iter("brink:room:{*")}


async def test_a_move_to_a_new_room_with_no_such_seat_makes_no_room(
    server_url: str, redis_url: str, redis: Redis
) -> None:
    """A move to "a new room" with a seat the class's rooms do not have (a role in a one-to-one
    class) was refused only after the new room was made: it stayed, in no class."""
    await add_instructor(redis_url)
    setup = {"scenario": "intro", "roster_text": "Ada\nBo\n", "shuffle": False}
    async with await signed_in(server_url) as teacher:
        async with teacher.post("/api/classes", json=setup) as made:
            assert made.status == 201, await made.text()
            before = await made.json()
        code = before["code"]
        rooms = await rooms_in(redis)
        assert rooms == set(before["rooms"])
        move = {"student": "s1", "room": "new", "seat": "beijing:leader"}
        async with teacher.post(f"/api/classes/{code}/move", json=move) as r:
            assert r.status == 409, await r.text()
            assert (await r.json())["error"] == "bad_seat"
        assert await rooms_in(redis) == rooms
        # a seat the rooms have makes the room
        move["seat"] = "beijing"
        async with teacher.post(f"/api/classes/{code}/move", json=move) as r:
            assert r.status == 200, await r.text()
            assert len((await r.json())["rooms"]) == 2
