"""Turn timers with three processes, one of them killed: every turn times out exactly once and
never before its deadline."""

from __future__ import annotations

import asyncio
import time

from faultkit import Spawn, committed

from client.connection import BrinkClient
from server.protocol import Update

SECONDS = {"betting": 2, "talks": 2}
ROOMS = 8


class Watch:
    """A client that notes each turn's deadline and when its timeout arrived."""

    def __init__(self, url: str) -> None:
        self.client = BrinkClient(url, "Watcher")
        self.deadlines: dict[int, int] = {}
        self.timed_out: dict[int, float] = {}

    def heard(self, message: object) -> None:
        if not isinstance(message, Update):
            return
        for entry in message.entries:
            if entry.event is not None and entry.event.type == "timed_out":
                self.timed_out.setdefault(entry.event.turn, time.time() * 1000)
        if message.deadline is not None:
            self.deadlines.setdefault(message.view["turn"], message.deadline)


async def test_timeouts_fire_once_never_early_with_a_process_killed(
    redis_url: str, spawn: Spawn
) -> None:
    processes = [spawn(redis_url) for _ in range(3)]
    watches = [Watch(processes[i % 2].url) for i in range(ROOMS)]
    codes = []
    others = [BrinkClient(processes[(i + 1) % 2].url, "Other") for i in range(ROOMS)]
    for watch, other in zip(watches, others, strict=True):
        # Both seats held (nobody moves): a room with nobody at the table would pause instead.
        await watch.client.connect()
        await other.connect()
        watch.client.listeners.append(watch.heard)
        room = await watch.client.create_room("intro", seconds=SECONDS)
        joined = await watch.client.join(room.code, "washington")
        await other.join(room.code, "beijing")
        watch.deadlines[joined.view["turn"]] = joined.deadline or 0
        codes.append(room.code)
    await asyncio.sleep(1.5)
    processes[2].kill()
    await asyncio.sleep(6)
    for watch, other in zip(watches, others, strict=True):
        await watch.client.close()
        await other.close()
    timeouts = 0
    for code, watch in zip(codes, watches, strict=True):
        log = await committed(redis_url, code)
        turns = [e.event.turn for e in log if e.event is not None and e.event.type == "timed_out"]
        assert len(turns) == len(set(turns)), f"{code}: a turn timed out twice: {turns}"
        assert len(turns) >= 2, f"{code}: turns stopped timing out: {turns}"
        for turn, heard_at in watch.timed_out.items():
            deadline = watch.deadlines.get(turn)
            assert deadline is not None, f"{code}: no deadline seen for turn {turn}"
            assert heard_at >= deadline - 5, (
                f"{code}: turn {turn} timed out {deadline - heard_at:.0f} ms early"
            )
        timeouts += len(turns)
    assert timeouts >= 2 * ROOMS
