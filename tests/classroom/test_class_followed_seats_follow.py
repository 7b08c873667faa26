"""A class's student waiting in their room's lobby learns of the class's later changes to whom its
seats wait for (two server processes on one Redis, real websockets): `class_followed.room_seats`
was as of the student's own `follow_class`, so when the teacher moved the awaited student out (or
removed them, or added a latecomer there) the lobby kept the old name until the student followed
the class again. Now each follower whose room's seats are given to other students since is
pushed `class_followed` again, its seat (and token) unchanged; the others are not."""

from __future__ import annotations

from typing import Any

import aiohttp
from classkit import add_instructor, signed_in
from classroom.test_class_sessions import follow, join, make_class, pushed, seat_of, until

from client.connection import BrinkClient


def student_id(info: dict[str, Any], name: str) -> str:
    return str(next(s["id"] for s in info["students"] if s["name"] == name))


async def ok(response: aiohttp.ClientResponse) -> dict[str, Any]:
    assert response.status == 200, await response.text()
    found: dict[str, Any] = await response.json()
    return found


async def test_a_waiting_student_is_told_whom_their_rooms_seats_wait_for_as_the_class_changes(
    servers: Any, redis_url: str
) -> None:
    one, two = await servers(), await servers()  # two processes: the students on one, or both
    await add_instructor(redis_url)
    async with await signed_in(two) as teacher:
        info = await make_class(teacher, roster_text="Ada\nBo\nCy\nDee\n")
        code = info["code"]
        first, second = info["rooms"]
        assert seat_of(info, "Ada") == (first, "washington")
        assert seat_of(info, "Bo") == (first, "beijing")
        assert seat_of(info, "Dee") == (second, "beijing")
        _, ada_joined = await join(one, code, "Ada")
        _, cy_joined = await join(two, code, "Cy")
        async with (
            BrinkClient(one, "Ada", record=True) as ada,
            BrinkClient(two, "Cy", record=True) as cy,
        ):
            at = await follow(ada, code, ada_joined["token"])
            assert at.room_seats == {"washington": "Ada", "beijing": "Bo"}
            cy_at = await follow(cy, code, cy_joined["token"])
            assert cy_at.room_seats == {"washington": "Cy", "beijing": "Dee"}

            # Bo (not joined yet) moved to Dee's seat: Dee takes Bo's, in Ada's room
            body = {"student": student_id(info, "Bo"), "room": second, "seat": "beijing"}
            await ok(await teacher.post(f"/api/classes/{code}/move", json=body))
            await until(lambda: len(pushed(ada, "class_followed")) == 1)
            told = pushed(ada, "class_followed")[-1]
            assert (told["room"], told["seat"], told["token"]) == (first, "washington", at.token)
            assert told["room_seats"] == {"washington": "Ada", "beijing": "Dee"}
            await until(lambda: len(pushed(cy, "class_followed")) == 1)  # the other process's
            assert pushed(cy, "class_followed")[-1]["room_seats"] == {
                "washington": "Cy",
                "beijing": "Bo",
            }

            # Dee taken out of the class: Ada's Beijing seat waits for nobody
            await ok(
                await teacher.delete(f"/api/classes/{code}/students/{student_id(info, 'Dee')}")
            )
            await until(lambda: len(pushed(ada, "class_followed")) == 2)
            assert pushed(ada, "class_followed")[-1]["room_seats"] == {"washington": "Ada"}

            # a latecomer added is seated there: the seat waits for them
            added = await ok(
                await teacher.post(f"/api/classes/{code}/students", json={"names": ["Eve"]})
            )
            assert seat_of(added, "Eve") == (first, "beijing")
            await until(lambda: len(pushed(ada, "class_followed")) == 3)
            assert pushed(ada, "class_followed")[-1]["room_seats"] == {
                "washington": "Ada",
                "beijing": "Eve",
            }

            assert ada.class_followed is not None
            assert ada.class_followed.room_seats == {"washington": "Ada", "beijing": "Eve"}

            # the changes of Ada's room told Cy nothing: the next one told him is his room's
            await ok(await teacher.delete(f"/api/classes/{code}/students/{student_id(info, 'Bo')}"))
            await until(lambda: len(pushed(cy, "class_followed")) == 2)
            assert pushed(cy, "class_followed")[-1]["room_seats"] == {"washington": "Cy"}
            assert len(pushed(ada, "class_followed")) == 3
