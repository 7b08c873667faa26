"""A room judged never played is dropped from its class only if no move landed there before the
class is written (a real server, Redis and websockets). `drop_unplayed` decides from Redis that a
room a teacher's Move empties was never played; a move by the student being moved, committed
between that check and the class's write (their seat is freed only after it), landed in a room
the class then dropped: a game played, in no debrief. The class's SAVE script now checks the
room's log position it was judged at (its meta's `n`) with the write, and a room that has moved
on is decided again, and kept. The move is made to land in that window here on purpose: the
change's function (as steering.py's Move runs it) has Ada act between the check and the write."""

from __future__ import annotations

from pathlib import Path

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, seat_of, seated
from controlkit import control, eventually
from serverkit import running_server

from client.connection import BrinkClient
from server.classroom.classes import Change, change, load_class
from server.classroom.model import ClassSession
from server.classroom.unplayed import drop_unplayed
from server.engine.commands import Check
from server.storage.classes import ClassStore
from server.web.appkeys import HUB


async def test_a_move_landing_between_the_check_and_the_drop_keeps_the_room(
    redis_url: str, tmp_path: Path
) -> None:
    await add_instructor(redis_url)
    async with (
        running_server(redis_url, tmp_path) as (runner, url),
        await signed_in(url) as teacher,
    ):
        hub = runner.app[HUB]
        info = await make_class(teacher, roster_text="Ada\nBo\n", seconds={"betting": 30})
        code, (first,) = info["code"], info["rooms"]
        ada_id = next(s["id"] for s in info["students"] if s["name"] == "Ada")
        _, seat = seat_of(info, "Ada")
        ada, bo = [await seated(url, code, n) for n in ("Ada", "Bo")]
        headers = {"Cookie": session_cookie(teacher)}
        try:
            # Ada moved to a new room of her own, and seated there; its clock started
            body = {"student": ada_id, "room": "new", "seat": seat}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
                second = (await moved.json())["rooms"][1]
            await eventually(lambda: getattr(ada.class_followed, "room", None) == second)
            told = ada.class_followed
            assert told is not None and told.room == second and told.token
            await ada.resume(second, told.token)
            async with BrinkClient(url, "Ms Li", headers=headers) as li:
                await control(li, "resume", second)
            await eventually(lambda: ada.deadline is not None)

            tries: list[bool] = []

            async def back(session: ClassSession, done: Change) -> None:
                """The teacher moves Ada back to her first room (as move_student does); on the
                first try, Ada's Check is committed in the new room after it was judged."""
                student = session.students[ada_id]
                student.room, student.seat = first, seat
                done.moved.append(
                    {
                        "student": ada_id,
                        "from_room": second,
                        "from_seat": seat,
                        "room": first,
                        "seat": seat,
                    }
                )
                room = await hub.room(second)
                assert room is not None
                await drop_unplayed(hub, session, {second: room}, done)
                tries.append(second in session.rooms)
                if len(tries) == 1:
                    assert done.dropped == {second: await hub.store.position(second)}
                    await ada.act(Check())  # committed before the class is written

            session, _, _ = await change(ClassStore(hub.redis), code, back)
        finally:
            await ada.close()
            await bo.close()
        assert tries == [False, True]  # judged unplayed, then played: kept on the next try
        assert session.rooms == [first, second]
        stored = await load_class(hub.redis, code)
        assert stored is not None and stored.rooms == [first, second]
