"""A room a move leaves empty is dropped from the class only if nobody played there as Redis holds
the room, not as this process's copy of it says: with several workers, a copy a few ms behind
(pub/sub has not brought the last commit yet) could drop a room where a turn was just played
(a real server, Redis and websockets; the copy behind made so on purpose, read before the turn
as another process's copy is until pub/sub reaches it)."""

from __future__ import annotations

from pathlib import Path

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, seat_of, seated
from controlkit import control, copy_of
from serverkit import running_server

from client.connection import BrinkClient
from server.classroom.classes import Change, load_class
from server.classroom.unplayed import drop_unplayed
from server.web.appkeys import HUB


async def test_a_room_played_as_redis_holds_it_is_kept_though_the_copy_is_behind(
    redis_url: str, tmp_path: Path
) -> None:
    await add_instructor(redis_url)
    async with running_server(redis_url, tmp_path) as (runner, url):
        hub = runner.app[HUB]
        async with await signed_in(url) as teacher:
            info = await make_class(teacher, roster_text="Ada\nBo\n", seconds={"betting": 30})
            code, (first,) = info["code"], info["rooms"]
            ada_id = next(s["id"] for s in info["students"] if s["name"] == "Ada")
            _, ada_seat = seat_of(info, "Ada")
            ada, bo = [await seated(url, code, n) for n in ("Ada", "Bo")]
            try:
                body = {"student": ada_id, "room": "new", "seat": ada_seat}
                async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                    assert moved.status == 200, await moved.text()
                    second = (await moved.json())["rooms"][1]
                headers = {"Cookie": session_cookie(teacher)}
                async with BrinkClient(url, "Ms Li", headers=headers) as li:
                    await control(li, "resume", second)  # Ada alone there: its clock starts
                    behind = await copy_of(hub, second)  # as another process saw it then
                    assert not behind.waiting and not behind.played
                    await control(li, "force", second)  # the turn is played (timed out)
            finally:
                await ada.close()
                await bo.close()
        session = await load_class(hub.redis, code)
        assert session is not None
        student = session.students[ada_id]
        student.room, student.seat = first, ada_seat  # moved back: nobody in the new room
        left = {"student": ada_id, "from_room": second, "from_seat": ada_seat}
        await drop_unplayed(hub, session, {second: behind}, Change(moved=[left]))
        assert second in session.rooms  # played: an outcome of the class
