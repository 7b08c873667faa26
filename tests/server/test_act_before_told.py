"""A move that reaches a process before the news that makes it legal: Ada, on one process,
acts as soon as Bo, on another, has sat down — before the process holding her copy of the room
is told (by pub/sub) that Bo's seating started the game. It was refused `not_started` (half
the runs of two `brink serve` on one Redis with the README's own snippet); the process now
reads the log first, as it does for a move the engine refuses, and plays it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from serverkit import Start, start_server

from client.connection import BrinkClient
from server.engine.commands import Check
from server.web.appkeys import HUB


async def test_a_move_sent_before_its_process_hears_the_game_started_is_played(
    redis_url: str, tmp_path: Path, servers: Start
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    other = await servers()  # a second process on the same Redis
    try:
        relay = runner.app[HUB].relay
        told = relay._on_room
        open_gate = asyncio.Event()

        async def late(code: str, message: dict[str, Any]) -> None:  # pub/sub running late
            await open_gate.wait()
            await told(code, message)

        async with BrinkClient(url, "Ada") as ada, BrinkClient(other, "Bo") as bo:
            created = await ada.create_room("intro", seconds={"betting": 30, "talks": 30})
            await ada.join(created.code, "washington")
            relay._on_room = late
            await bo.join(created.code, "beijing")  # the other process starts the clock
            await ada.act(Check())  # sent before Ada's process hears of it
            open_gate.set()
            relay._on_room = told
            view = await bo.wait_for(lambda view: view["to_act"] == "beijing")
            assert view["phase_kind"] == "betting"
    finally:
        await runner.cleanup()
