"""Deadlines, restarts, several server processes on one Redis, and conflicting commits."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from serverkit import Start, ready_port, serve_command, start_server

from client.connection import BrinkClient
from server.engine.commands import Check, PassTalks
from server.live.loading import now_ms
from server.storage.store import Commit, Store

SECONDS = {"betting": 2, "talks": 2}


def timed_out(client: BrinkClient) -> list[int]:
    return [e.event.turn for e in client.entries if e.event and e.event.type == "timed_out"]


async def test_a_turn_that_times_out_gets_the_default_action_exactly_once(servers: Start) -> None:
    first, second = await servers(), await servers()
    async with BrinkClient(first) as washington, BrinkClient(second) as beijing:
        room = await washington.create_room("intro", seconds=SECONDS)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        turn = washington.view["turn"]
        await washington.wait_for(lambda v: v["turn"] > turn, timeout=6)
        # Beijing, on the other process, has the time-out too before its count is looked at (a
        # fixed 0.3 s wait was not always enough there); the wait then gives a second one time.
        await beijing.wait_for(lambda v: v["turn"] > turn, timeout=6)
        await asyncio.sleep(0.3)
        assert timed_out(washington).count(turn) == 1
        assert timed_out(beijing).count(turn) == 1
        checked = [e.event for e in washington.entries if e.event and e.event.type == "checked"]
        assert checked, "the default action (check) was applied"


async def test_the_remaining_time_is_honoured_across_a_restart(
    redis_url: str, tmp_path: Path
) -> None:
    # Told by the server's own times (the deadline it gave, the time out's entry), not by a
    # stopwatch in the test: a turn of 15 s, the server down for 3 s of it. Kept, the turn times
    # out at its deadline (~12 s after the restart: time for the watcher to be back before it on
    # a loaded machine); started afresh, 15 s after the restart at the soonest.
    runner, url = await start_server(redis_url, tmp_path)
    async with BrinkClient(url) as teacher:
        room = await teacher.create_room("intro", seconds={"betting": 15}, bots={"beijing": "dove"})
        joined = await teacher.join(room.code, "washington")  # seated: the clock starts
        await teacher.wait_for(lambda _: teacher.deadline is not None)
        deadline = teacher.deadline
        assert deadline is not None
    await runner.cleanup()
    await asyncio.sleep(3.0)
    restarted = now_ms()
    runner, url = await start_server(redis_url, tmp_path)
    try:
        # A player at the table (a room with nobody there would pause instead of timing out).
        async with BrinkClient(url) as watcher:
            await watcher.resume(room.code, joined.token or "")
            turn = watcher.view["turn"]
            await watcher.wait_for(lambda v: v["turn"] > turn, timeout=40)
            [at] = [e.at for e in watcher.entries if e.event and e.event.type == "timed_out"]
        assert at is not None and at >= deadline, f"timed out {deadline - (at or 0)} ms early"
        assert at < restarted + 15_000, f"timed out {at - deadline} ms late: the clock restarted"
    finally:
        await runner.cleanup()


async def test_players_on_two_server_instances_play_together(servers: Start) -> None:
    first, second = await servers(), await servers()
    async with BrinkClient(first) as washington, BrinkClient(second) as beijing:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        await _check_through(washington, beijing)


async def _check_through(washington: BrinkClient, beijing: BrinkClient) -> None:
    clients = {"washington": washington, "beijing": beijing}
    for _ in range(300):
        view = washington.view
        if view["outcome"]:
            break
        if view["to_act"]:
            await clients[view["to_act"]].act(Check())
        elif view["phase_kind"] == "talks":
            side = next(s for s in clients if s not in view["passed"])
            await clients[side].act(PassTalks())
        await washington.wait_for(lambda v, seq=view["seq"]: v["seq"] > seq, timeout=5)
    await beijing.wait_for(lambda v: v["outcome"] is not None, timeout=5)
    assert beijing.view["scores"] == washington.view["scores"]


@pytest.fixture
def two_processes(redis_url: str, tmp_path: Path) -> Iterator[list[str]]:
    """Two real `brink serve` processes on the test Redis; their ws:// URLs."""
    processes: list[subprocess.Popen[bytes]] = []
    for index in range(2):
        command = serve_command("--redis", redis_url, "--data-dir", str(tmp_path / str(index)))
        env = {**os.environ, "BRINK_TIMER_INTERVAL": "0.1", "BRINK_WORKERS": "1"}
        processes.append(
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        )
    try:
        yield [f"ws://127.0.0.1:{ready_port(process)[0]}/ws" for process in processes]
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)
        for process in processes:
            process.wait(timeout=10)


async def test_two_server_processes_share_a_room_through_redis(two_processes: list[str]) -> None:
    async with (
        BrinkClient(two_processes[0]) as washington,
        BrinkClient(two_processes[1]) as beijing,
    ):
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        await _check_through(washington, beijing)


async def test_two_commits_from_the_same_position_cannot_both_land(redis_url: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url, decode_responses=True)
    store = Store(redis)
    assert await store.create_room("ABCD", {"scenario": "intro"}, "h", "{}")
    entry = json.dumps(
        {"n": 1, "chat": {"type": "chat_line", "seat": "x", "name": "x", "text": "a"}}
    )
    first = Commit("ABCD", 0, [entry], "{}", 1, None)
    second = Commit("ABCD", 0, [entry.replace('"a"', '"b"')], "{}", 1, None)
    written = await asyncio.gather(store.commit_log(first), store.commit_log(second))
    assert sorted((None if w is None else w.n for w in written), key=str) == [1, None]
    assert len(await store.entries_since("ABCD", 0)) == 1
    await redis.aclose()
