"""A class's student learns whom the other seats of their room are given to (a real server,
Redis and websockets): the lobby of a room still waiting showed an absent rostered student's
seat as "empty" / "Waiting for Beijing to join…", though the dashboard named him."""

from __future__ import annotations

from classkit import add_instructor, signed_in
from classroom.test_class_sessions import follow, join, make_class, seat_of

from client.connection import BrinkClient


async def test_class_followed_names_the_students_given_the_room_s_seats(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, roster_text="Ada\nBo\nCy\nGus Ortiz\n")
    code = info["code"]
    cy_room, cy_seat = seat_of(info, "Cy")
    gus_room, gus_seat = seat_of(info, "Gus Ortiz")
    assert cy_room == gus_room and cy_seat != gus_seat
    _, joined = await join(server_url, code, "Cy")
    async with BrinkClient(server_url, "Cy") as cy:
        at = await follow(cy, code, joined["token"])
    assert at.room_seats == {cy_seat: "Cy", gus_seat: "Gus Ortiz"}
