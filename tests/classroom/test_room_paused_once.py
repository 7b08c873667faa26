"""A room nobody plays in is paused once, whichever processes find its turn's deadline passed:
two server processes' timers each paused it (a class tried with `brink serve --workers 2` read
"The game pauses: nobody is at the table." twice in its log). The server's pause is now only
for a room still running, checked on the up-to-date copy in the commit."""

from __future__ import annotations

from pathlib import Path

from serverkit import start_server

from client.connection import BrinkClient
from server.live import lifecycle
from server.live.hub import Hub
from server.web.appkeys import HUB


async def test_two_processes_pausing_a_room_nobody_plays_pause_it_once(
    redis_url: str, tmp_path: Path
) -> None:
    one, one_url = await start_server(redis_url, tmp_path / "one", timer_interval=10)
    two, _ = await start_server(redis_url, tmp_path / "two", timer_interval=10)
    try:
        async with BrinkClient(one_url, "Ada") as ada, BrinkClient(one_url, "Bo") as bo:
            room = await ada.create_room("intro")
            code = room.code
            await ada.join(code, "washington")
            await bo.join(code, "beijing")
            await ada.wait_for(lambda _: ada.deadline is not None)
        first: Hub = one.app[HUB]
        second: Hub = two.app[HUB]
        here, there = await first.room(code), await second.room(code)
        assert here is not None and there is not None and there.paused is None
        paused = await lifecycle.pause(first, here, "nobody_here")
        assert paused is not None
        assert await lifecycle.pause(second, there, "nobody_here") is None  # paused already
        entries = await second.entries_since(there, 0)
        kinds = [(e.notice.kind, e.notice.reason) for e in entries if e.notice is not None]
        assert kinds.count(("paused", "nobody_here")) == 1
    finally:
        await one.cleanup()
        await two.cleanup()
