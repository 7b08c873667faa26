"""Let in again takes the old device out of the seat. Its socket stayed seated: a classmate who
had joined under a student's name (the case the button is for) kept playing the seat beside the
real student, who had joined again by name on their own device."""

from __future__ import annotations

import pytest
from classkit import add_instructor, signed_in
from classroom.test_class_sessions import follow, join, make_class, pushed, until

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check


async def test_let_in_again_puts_the_old_device_out_of_the_seat(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, timers=False)
        code = info["code"]
        _, posing = await join(server_url, code, "Ada Lovelace")  # a classmate, as Ada
        _, bo_join = await join(server_url, code, "Bo Li")
        async with (
            BrinkClient(server_url, "impostor", record=True) as impostor,
            BrinkClient(server_url, "Bo", record=True) as bo,
            BrinkClient(server_url, "Ada", record=True) as ada,
        ):
            at = await follow(impostor, code, posing["token"])
            await impostor.resume(at.room, at.token)  # type: ignore[arg-type]
            bo_at = await follow(bo, code, bo_join["token"])
            await bo.resume(bo_at.room, bo_at.token)  # type: ignore[arg-type]
            assert at.room == bo_at.room

            async with teacher.post(f"/api/classes/{code}/students/s1/let-in") as r:
                assert r.status == 200, await r.text()
            await until(lambda: "bad_class_token" in told(impostor))
            # the real Ada joins by name and sits
            status, again = await join(server_url, code, "Ada Lovelace")
            assert status == 200, again
            mine = await follow(ada, code, again["token"])
            await ada.resume(mine.room, mine.token)  # type: ignore[arg-type]
            assert (mine.room, mine.seat) == (at.room, at.seat)
            # the old device plays no more
            with pytest.raises(ServerError):
                await impostor.act(Check())
            await ada.act(Check())


def told(client: BrinkClient) -> list[str]:
    """The codes of the errors pushed to `client` (not answers)."""
    return [m["code"] for m in pushed(client, "error")]
