"""A turn's timeout waits while the room is paused, whoever paused it: the timer loop checked the
room, then submitted the timeout, and a pause committed between the two (a leave on another
process, an instructor's) was timed out over — the default move played, and the turn's new
deadline found the room paused and called the game off after one turn's time. The server's own
timeout is refused `paused` now, like a player's move. A real server on a real Redis."""

from __future__ import annotations

from pathlib import Path

import pytest
from controlkit import control, teacher_headers
from serverkit import start_server

from client.connection import BrinkClient
from server.engine.commands import Timeout
from server.engine.errors import IllegalCommand
from server.web.appkeys import HUB

SECONDS = {"betting": 30, "talks": 30}


async def test_the_servers_timeout_waits_while_the_room_is_paused(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    try:
        headers = await teacher_headers(url, redis_url)
        async with (
            BrinkClient(url, "Ms Li", headers=headers) as teacher,
            BrinkClient(url, "Ada") as ada,
            BrinkClient(url, "Bo") as bo,
        ):
            made = await teacher.create_room("intro", seconds=SECONDS)
            await ada.join(made.code, "washington")
            await bo.join(made.code, "beijing")
            await ada.wait_for(lambda _: ada.deadline is not None)
            await control(teacher, "pause", made.code)
            hub = runner.app[HUB]
            room = await hub.room(made.code)
            assert room is not None and room.paused is not None
            with pytest.raises(IllegalCommand) as refused:
                await hub.submit(room, "system", Timeout(turn=room.state.turn))
            assert refused.value.code == "paused"
    finally:
        await runner.cleanup()
