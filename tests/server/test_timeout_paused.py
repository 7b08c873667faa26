"""A turn's timeout waits while the room is paused, whoever paused it: the timer loop checked the
room, then submitted the timeout, and a pause committed between the two (a leave on another
process, an instructor's) was timed out over — the default move played, and the turn's new
deadline found the room paused and called the game off after one turn's time. The server's own
timeout is refused `paused` now, like a player's move. A real server on a real Redis."""

from __future__ import annotations

from pathlib import Path

import pytest
from controlkit import clocked_room, control
from serverkit import running_server

from server.engine.commands import Timeout
from server.engine.errors import IllegalCommand
from server.web.appkeys import HUB


async def test_the_servers_timeout_waits_while_the_room_is_paused(
    redis_url: str, tmp_path: Path
) -> None:
    async with (
        running_server(redis_url, tmp_path) as (runner, url),
        clocked_room(url, redis_url) as (teacher, _, _, room),
    ):
        await control(teacher, "pause", room.code)
        hub = runner.app[HUB]
        live = await hub.room(room.code)
        assert live is not None and live.paused is not None
        with pytest.raises(IllegalCommand) as refused:
            await hub.submit(live, "system", Timeout(turn=live.state.turn))
        assert refused.value.code == "paused"
