"""What a rematch refuses, each with its stable code, the connection going on: before the game's
end, a spectator, an offer made twice, one made already, a player whose opponent has left, a
class's room; joining a rematch without its token, before it is made, or into its seats by the
code. And a rematch across two `brink serve` worker processes."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from classkit import http_base, signed_in
from clientkit import seated, until
from controlkit import control, teacher_headers
from rematchkit import both_play_out, hears
from workerkit import Serve, on_two_workers

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check
from server.protocol import ClassFollowed, FollowClass, JoinRematch, Ping, Pong


async def refused(request: object) -> str:
    """Await `request`; return the code it was refused with."""
    with pytest.raises(ServerError) as error:
        await request  # type: ignore[misc]
    return error.value.code


async def test_each_wrong_rematch_is_refused_and_the_connection_goes_on(server_url: str) -> None:
    ada, bo = await seated(server_url)
    watcher = BrinkClient(server_url, "Sam")
    try:
        await watcher.connect()
        await watcher.join(ada.code or "")
        code, token = ada.code or "", ada.token or ""
        assert await refused(ada.rematch()) == "game_not_over"
        await both_play_out(ada, bo)
        assert await refused(watcher.rematch()) == "no_seat"
        assert await refused(ada.request(JoinRematch(code=code, token=token))) == "no_rematch"

        await ada.rematch()
        assert await refused(ada.rematch()) == "already_offered"
        assert await refused(ada.rematch(swap=True)) == "already_offered"
        await hears(bo, "rematch_offered")
        await bo.rematch()
        new = (await hears(ada, "rematch")).room or ""
        assert await refused(bo.rematch()) == "rematch_made"
        assert await refused(ada.rematch()) == "rematch_made"

        wrong = JoinRematch(code=code, token="x" * 32)
        assert await refused(watcher.request(wrong)) == "bad_token"
        async with BrinkClient(server_url, "Eve") as eve:
            assert await refused(eve.join(new, "washington")) == "rematch_seat"
            assert (await eve.join(new)).role == "spectator"  # watching it is open
        await ada.join_rematch()
        assert await refused(ada.request(JoinRematch(code=code, token=token))) == "already_joined"
        for client in (ada, bo, watcher):
            assert isinstance(await client.request(Ping()), Pong)
    finally:
        for client in (ada, bo, watcher):
            await client.close()


async def test_no_rematch_once_the_other_player_has_left(server_url: str) -> None:
    ada, bo = await seated(server_url)
    try:
        await both_play_out(ada, bo)
        await bo.close()
        await until(lambda: any(p.seat == "beijing" and p.status == "away" for p in ada.presence))
        assert await refused(ada.rematch()) == "opponent_left"
    finally:
        await ada.close()
    # An offer made, then its maker gone: accepting it is refused.
    ada, bo = await seated(server_url)
    try:
        await both_play_out(ada, bo)
        await ada.rematch()
        await hears(bo, "rematch_offered")
        await ada.close()
        await until(lambda: any(p.seat == "washington" and p.status == "away" for p in bo.presence))
        assert await refused(bo.rematch()) == "opponent_left"
    finally:
        await bo.close()


async def test_a_class_room_has_no_rematch(server_url: str, redis_url: str) -> None:
    headers = await teacher_headers(server_url, redis_url)
    setup = {"scenario": "intro", "roster_text": "A1\nB1\n", "shuffle": False}
    async with (
        await signed_in(server_url) as teacher,
        teacher.post("/api/classes", json=setup) as made,
    ):
        assert made.status == 201, await made.text()
        code = (await made.json())["code"]
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as board,
        BrinkClient(server_url, "A1") as student,
    ):
        async with (
            aiohttp.ClientSession(base_url=http_base(server_url)) as anyone,
            anyone.post(f"/api/classes/{code}/join", json={"name": "A1"}) as joined,
        ):
            class_token = (await joined.json())["token"]
        where = await student.request(FollowClass(code=code, token=class_token))
        assert isinstance(where, ClassFollowed) and where.room and where.token
        await student.resume(where.room, where.token)
        await control(board, "end", where.room)
        await student.wait_for(lambda view: view["outcome"] is not None)
        assert await refused(student.rematch()) == "class_room"


async def test_a_rematch_across_two_worker_processes(serve: Serve, redis_url: str) -> None:
    served = await serve(redis_url)
    ada, bo = await on_two_workers(served, ("Ada", "Bo"))
    try:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await both_play_out(ada, bo)
        await ada.rematch()
        await hears(bo, "rematch_offered")  # through the other worker
        await bo.rematch()  # the room made in Bo's worker, the notice heard in Ada's
        joined = await asyncio.gather(ada.join_rematch(), bo.join_rematch())
        assert joined[0].code == joined[1].code != room.code
        assert served.worker_of(ada) != served.worker_of(bo)
        seen = ada.view["seq"]
        await ada.act(Check())
        await bo.wait_for(lambda view: view["seq"] > seen)
    finally:
        await ada.close()
        await bo.close()
