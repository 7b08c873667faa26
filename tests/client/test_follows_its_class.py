"""A class's student on the Python client under `brink serve --workers 2`: following the class
(`follow_class`), then resuming the seat it gives, the client lands on the worker that does not
hold the room, and moves to the room's worker by itself (client/moving.py). It closed the socket
it followed the class on, and the new one did not follow it: the instructor's next move of the
student was never told to the client. Now the new socket follows the class again, as the web
page does after every welcome (and after a lost connection resumed by itself), and each later
move is told (a pushed `class_followed`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
from classkit import add_instructor, http_base, signed_in
from workerkit import Served

from client.connection import BrinkClient
from server.protocol import ClassFollowed, FollowClass


def pushed(client: BrinkClient) -> list[dict[str, Any]]:
    """The `class_followed` the server pushed (not the answers to `follow_class`)."""
    found = [json.loads(text) for text in client.received]
    return [m for m in found if m.get("type") == "class_followed" and m.get("id") is None]


def moved(client: BrinkClient) -> bool:
    """Whether a `joined` told the client its room lives on the other worker (so it moved)."""
    found = [json.loads(text) for text in client.received]
    return any(m.get("type") == "joined" and m.get("elsewhere") for m in found)


async def until(predicate: Any, timeout: float = 15) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


async def moved_in_by_its_worker(served: Served, code: str, token: str) -> BrinkClient:
    """A student's client that followed the class on the worker not holding its room, and so
    moved to the room's worker as it took its seat (a socket lands on either worker)."""
    for _ in range(40):
        client = BrinkClient(served.url, "Ada", record=True)
        await client.connect()
        where = await client.request(FollowClass(code=code, token=token))
        assert isinstance(where, ClassFollowed) and where.room and where.token
        await client.resume(where.room, where.token)
        if moved(client):
            return client
        await client.close()
    raise AssertionError("forty sockets all landed on the room's worker")


async def test_a_student_moved_to_the_rooms_worker_is_still_told_of_the_teachers_moves(
    served: Served, redis_url: str
) -> None:
    await add_instructor(redis_url)
    setup = {"title": "P3", "scenario": "intro", "roster_text": "Ada\nBo\nCy\nDi\n"}
    async with await signed_in(served.url) as teacher:
        async with teacher.post("/api/classes", json={**setup, "shuffle": False}) as made:
            assert made.status == 201, await made.text()
            info = await made.json()
        code, rooms = info["code"], info["rooms"]
        assert len(rooms) == 2
        async with (
            aiohttp.ClientSession(base_url=http_base(served.url)) as anyone,
            anyone.post(f"/api/classes/{code}/join", json={"name": "Ada"}) as joined,
        ):
            token = (await joined.json())["token"]
        ada = await moved_in_by_its_worker(served, code, token)
        try:
            assert (ada.code, ada.seat) == (rooms[0], "washington")
            for room, seat, times in ((rooms[1], "beijing", 1), (rooms[0], "beijing", 2)):
                body = {"student": "s1", "room": room, "seat": seat}
                async with teacher.post(f"/api/classes/{code}/move", json=body) as move:
                    assert move.status == 200, await move.text()
                await until(lambda times=times: len(pushed(ada)) == times)
                told = pushed(ada)[-1]
                assert (told["room"], told["seat"], told["room_number"]) == (
                    room,
                    seat,
                    rooms.index(room) + 1,
                )
                assert ada.class_followed is not None and ada.class_followed.room == room
                now = await ada.resume(told["room"], told["token"])  # (it moves if need be)
                assert (now.code, now.seat) == (room, seat)
                assert ada.code == room and ada.seat == seat and ada.view

            # a lost connection resumed by itself follows the class again too
            statuses: list[str] = []
            ada.listeners.append(lambda m: statuses.append(getattr(m, "kind", "")))
            ada.auto_resume = True
            ada.break_connection()
            await until(lambda: "resumed" in statuses)
            body = {"student": "s1", "room": rooms[1], "seat": "washington"}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as move:
                assert move.status == 200, await move.text()
            await until(lambda: len(pushed(ada)) == 3)
            assert (pushed(ada)[-1]["room"], pushed(ada)[-1]["seat"]) == (rooms[1], "washington")
        finally:
            await ada.close()
