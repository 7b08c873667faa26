"""A move that reaches a process before the news that makes it legal: Ada, on one process,
acts as soon as Bo, on another, has sat down — before the process holding her copy of the room
is told (by pub/sub) that Bo's seating started the game. It was refused `not_started` (half
the runs of two `brink serve` on one Redis with the README's own snippet); the process now
reads the log first, as it does for a move the engine refuses, and plays it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from serverkit import Start, start_server

from client.connection import BrinkClient
from server.engine.commands import Check
from server.live import lifecycle
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


async def test_a_move_sent_before_the_seating_process_starts_the_clock_is_played(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last player's `joined` goes out before their process starts the room's clock; the
    other side, told they sat, moves at once. That move was refused `not_started` (the other
    test above, one run in five on a busy machine). Here the seating process is held between
    the two on purpose: the move starts the clock itself and is played, and the clock is
    started once, not twice."""
    runner, url = await start_server(redis_url, tmp_path)
    store = runner.app[HUB].store
    seated = lifecycle.seated
    open_gate, seating_done = asyncio.Event(), asyncio.Event()

    async def held(hub: Any, room: Any) -> None:  # the last seating, slow to start the clock
        if await lifecycle.seats_filled(hub, room):
            await open_gate.wait()
            await seated(hub, room)
            seating_done.set()
        else:
            await seated(hub, room)

    monkeypatch.setattr(lifecycle, "seated", held)
    try:
        async with BrinkClient(url, "Ada") as ada, BrinkClient(url, "Bo") as bo:
            created = await ada.create_room("intro", seconds={"betting": 30, "talks": 30})
            await ada.join(created.code, "washington")
            await bo.join(created.code, "beijing")
            await ada.act(Check())  # refused `not_started` before
            open_gate.set()
            view = await bo.wait_for(lambda view: view["to_act"] == "beijing")
            assert view["phase_kind"] == "betting"
            async with asyncio.timeout(10):  # the held seating goes on: it finds it started
                await seating_done.wait()
            log = [json.loads(line) for line in await store.entries_since(created.code, 0)]
        notices = [entry["notice"] for entry in log if entry.get("notice")]
        resumed = [(n["by"], n["reason"]) for n in notices if n["kind"] == "resumed"]
        assert resumed == [("system", "seats_filled")]
    finally:
        open_gate.set()
        await runner.cleanup()
