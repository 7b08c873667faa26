"""A class room's seat given to someone else with the room's Controls: one seat, one holder. The
class kept the student it had seated there as its holder, so the student, let in again and joined
by name, took the seat back by the class's path beside the one it was given to: both played it,
the log named the student for the other's moves and said nothing of the seat changing hands, and
the dashboard listed the student in it. Now the class seats the student nowhere once the seat is
given on; an instructor's Move puts them back in it, and that takes it from its holder as a seat
the instructor gives does (logged, their socket dismissed)."""

from __future__ import annotations

import pytest
from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import follow, join, make_class
from controlkit import control, notices
from controlkit import until as updated

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check
from server.live.connection import SEAT_LOST


async def test_a_seat_given_away_leaves_the_class_student_seatless_and_a_move_takes_it_back(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        headers = {"Cookie": session_cookie(teacher)}
        info = await make_class(teacher, timers=False)
        code = info["code"]
        _, ada_join = await join(server_url, code, "Ada Lovelace")
        _, bo_join = await join(server_url, code, "Bo Li")
        async with (
            BrinkClient(server_url, "Ms Li", headers=headers) as controls,
            BrinkClient(server_url, "Ada", record=True) as ada,
            BrinkClient(server_url, "Bo", record=True) as bo,
        ):
            at = await follow(ada, code, ada_join["token"])
            await ada.resume(at.room, at.token)  # type: ignore[arg-type]
            bo_at = await follow(bo, code, bo_join["token"])
            await bo.resume(bo_at.room, bo_at.token)  # type: ignore[arg-type]
            room, seat = at.room, at.seat
            assert room is not None and seat == "washington"
            await ada.close()  # her tab closed

            done = await control(controls, "reassign", room, seat=seat, name="Ivy Lee")
            ivy_token = done.results[0].token
            assert ivy_token is not None
            async with teacher.get(f"/api/classes/{code}") as got:
                after = await got.json()
            ada_now = next(s for s in after["students"] if s["name"] == "Ada Lovelace")
            assert (ada_now["room"], ada_now["seat"]) == (None, None)  # she holds it no more

            async with (
                BrinkClient(server_url, "Ivy Lee", record=True) as ivy,
                BrinkClient(server_url, "Ada", record=True) as again,
            ):
                await ivy.resume(room, ivy_token)
                # let in again, Ada joins by name: the class seats her nowhere
                async with teacher.post(f"/api/classes/{code}/students/s1/let-in") as r:
                    assert r.status == 200, await r.text()
                status, rejoined = await join(server_url, code, "Ada Lovelace")
                assert status == 200, rejoined
                where = await follow(again, code, rejoined["token"])
                assert (where.room, where.seat, where.token) == (None, None, None)
                await ivy.act(Check())  # the seat is Ivy's alone

                await again.close()  # her page left meanwhile

                # the instructor moves Ada back into it: Ivy is out at once, and told
                body = {"student": "s1", "room": room, "seat": seat}
                async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                    assert moved.status == 200, await moved.text()
                await updated(bo, lambda: notices(bo, "reassigned")[1:])
                given = notices(bo, "reassigned")[-1]
                assert (given.seat, given.name, given.previous, given.by) == (
                    seat,
                    "Ada Lovelace",
                    "Ivy Lee",
                    "ms_li",
                )
                socket = ivy._socket
                assert socket is not None
                await socket.wait_closed()
                assert socket.close_code == SEAT_LOST
                async with BrinkClient(server_url, "Ivy Lee") as ivy_again:
                    with pytest.raises(ServerError) as lost:
                        await ivy_again.resume(room, ivy_token)
                    assert lost.value.code == "bad_token"
                async with BrinkClient(server_url, "Ada", record=True) as ada_back:
                    back = await follow(ada_back, code, rejoined["token"])
                    assert (back.room, back.seat) == (room, seat) and back.token
                    joined = await ada_back.resume(room, back.token)
                    assert joined.seats[seat] == "Ada Lovelace"
