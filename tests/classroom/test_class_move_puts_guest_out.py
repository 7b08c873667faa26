"""A class's Move that puts out someone the class did not seat (given the seat with the room's
Controls) empties the seat until the student moved in takes it, as a Leave does: the room's log
said only `reassigned`, and its clock ran on, the empty side's turns timing out. Now the holder's
`seat_left` comes first and the clock waits for the seat (the server's `no_seat` pause), going
on once the student sits; the replay still names the seat's holders once each (Ada, Ivy Lee,
Ada), and the debrief names Ivy Lee as given the seat before Ada."""

from __future__ import annotations

from classkit import session_cookie
from classroom.test_class_seat_left import last, notices, playing
from classroom.test_class_sessions import follow, join
from controlkit import control, until

from client.connection import BrinkClient


async def test_a_move_putting_a_guest_out_waits_for_the_student_before_the_clock_goes_on(
    server_url: str, redis_url: str
) -> None:
    async with playing(server_url, redis_url) as lesson:
        one, _ = lesson.watchers
        first = lesson.rooms[0]
        await lesson.students["Ada"].close()  # her tab closed
        cookie = {"Cookie": session_cookie(lesson.teacher)}
        async with BrinkClient(server_url, "Ms Li", headers=cookie) as li:
            given = await control(li, "reassign", first, seat="washington", name="Ivy Lee")
        token = given.results[0].token
        assert token is not None
        async with BrinkClient(server_url, "Ivy Lee") as ivy:
            await ivy.resume(first, token)
            await until(one, lambda: notices(one)[-1].kind == "reassigned")
            before = len(notices(one))

            # Ada moved back in: Ivy is put out, and the seat is empty until Ada's page sits
            await lesson.post("move", {"student": "s1", "room": first, "seat": "washington"})
            await until(one, lambda: [n.kind for n in notices(one)[before:]][-1:] == ["reassigned"])
            told = [(n.kind, n.seat, n.name or n.reason) for n in notices(one)[before:]]
            assert told == [
                ("seat_left", "washington", "Ivy Lee"),
                ("paused", "washington", "no_seat"),
                ("reassigned", "washington", "Ada"),
            ]

        # Ada, let in again, takes the seat: the clock goes on
        async with lesson.teacher.post(f"/api/classes/{lesson.code}/students/s1/let-in") as r:
            assert r.status == 200, await r.text()
        status, joined = await join(server_url, lesson.code, "Ada")
        assert status == 200, joined
        async with BrinkClient(server_url, "Ada") as ada:
            where = await follow(ada, lesson.code, joined["token"])
            assert (where.room, where.seat) == (first, "washington") and where.token
            await ada.resume(first, where.token)
            await until(one, lambda: last(one) == ("resumed", "seat_taken", "system"))

            async with lesson.teacher.get(f"/api/games/{first}") as reply:
                assert reply.status == 200, await reply.text()
                summary = await reply.json()
            assert summary["holders"]["washington"] == [
                {"name": "Ada"},
                {"name": "Ivy Lee"},
                {"name": "Ada"},
            ]
            async with lesson.teacher.get(f"/api/classes/{lesson.code}/debrief") as reply:
                assert reply.status == 200, await reply.text()
                debrief = await reply.json()
            room = next(r for r in debrief["rooms"] if r["code"] == first)
            assert room["given_from"] == {"washington": ["Ivy Lee"]}
