"""A resume ends only the pause it was meant to end (server/live/lifecycle.py `resume`): a
process whose copy of the room is behind — it has not heard yet that an instructor paused over the
server's pause — does not undo the instructor's pause when its commit is retried on the caught-up
copy. The copy behind is made so on purpose, read from Redis before the instructor's pause, as
another process's copy is until pub/sub reaches it (real server, Redis and websockets)."""

from __future__ import annotations

from pathlib import Path

from controlkit import clocked_room, control, copy_of, notices, until
from serverkit import running_server

from server.engine.commands import Check
from server.live import lifecycle
from server.web.appkeys import HUB


async def test_a_resume_from_a_copy_behind_leaves_the_instructors_pause(
    redis_url: str, tmp_path: Path
) -> None:
    async with (
        running_server(redis_url, tmp_path) as (runner, url),
        clocked_room(url, redis_url) as (teacher, ada, bo, room),
    ):
        hub = runner.app[HUB]
        await ada.act(Check())
        await ada.leave()  # the server pauses the room: nobody sits for Washington
        await until(bo, lambda: [n.reason for n in notices(bo)][-1:] == ["no_seat"])
        behind = await copy_of(hub, room.code)
        assert behind.paused is not None and behind.paused.reason == "no_seat"
        await control(teacher, "pause", room.code)  # committed before `behind` hears it
        await until(bo, lambda: notices(bo)[-1].by == "ms_li")

        assert await lifecycle.resume(hub, behind, "player_back") is None
        assert behind.paused is not None and behind.paused.by == "ms_li"
        await bo.resync()
        last = notices(bo)[-1]
        assert (last.kind, last.by) == ("paused", "ms_li"), "the instructor's pause undone"
        assert bo.deadline is None
