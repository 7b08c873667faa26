"""A class's room gives its seats through the class only. Anyone who knew a room's code (it is on
every student's screen) could `join` it as a player: the side's own seat (which may fold and
accept deals), a team role nobody was given, or a listed student's seat before they arrived —
starting the game without them, and acting for a side that was not theirs. Such a join is
refused (`class_seat`); watching stays open, and the class's students sit as before."""

from __future__ import annotations

import aiohttp
import pytest
from classkit import add_instructor, http_base, signed_in

from client.connection import BrinkClient, ServerError
from server.protocol import ClassFollowed, FollowClass


@pytest.mark.parametrize(
    "seat", ["washington", "washington:president", "beijing:commerce_ministry"]
)
async def test_a_class_room_s_seats_are_not_open_to_anyone_with_its_code(
    server_url: str, redis_url: str, seat: str
) -> None:
    await add_instructor(redis_url)
    setup = {"scenario": "classroom", "roster_text": "A1\nA2\nB1\nB2\n", "team": 2}
    async with (
        await signed_in(server_url) as teacher,
        teacher.post("/api/classes", json={**setup, "shuffle": False}) as made,
    ):
        assert made.status == 201, await made.text()
        found = await made.json()
    code, room = found["code"], found["rooms"][0]

    async with BrinkClient(server_url, "Mallory") as mallory:
        with pytest.raises(ServerError) as refused:
            await mallory.join(room, seat)
        assert refused.value.code == "class_seat"
    async with BrinkClient(server_url, "Sam") as watcher:
        assert (await watcher.join(room)).role == "spectator"

    # the listed student still sits in their seat, through the class
    async with (
        aiohttp.ClientSession(base_url=http_base(server_url)) as anyone,
        anyone.post(f"/api/classes/{code}/join", json={"name": "A1"}) as joined,
    ):
        token = (await joined.json())["token"]
    async with BrinkClient(server_url, "A1") as student:
        where = await student.request(FollowClass(code=code, token=token))
        assert isinstance(where, ClassFollowed) and where.room == room and where.token
        assert (await student.resume(room, where.token)).seat == "washington:president"


async def test_a_room_anyone_made_still_takes_players_by_its_code(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Bo") as bo:
        made = await ada.create_room("classroom")
        await ada.join(made.code, "washington:president")
        assert (await bo.join(made.code, "beijing")).seat == "beijing"
