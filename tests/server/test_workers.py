"""`brink serve --workers N`: N real server processes on one port and one Redis (the test
Redis, or the embedded one the parent starts), played across; stopping, and a worker that dies."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import aiohttp
import psutil  # type: ignore[import-untyped]
import pytest
import websockets
from redis.asyncio import Redis
from websockets.exceptions import InvalidStatus
from workerkit import Serve, on_two_workers

from client.connection import BrinkClient
from client.errors import BrinkConnectionError
from server.engine.commands import Check
from server.storage import keys

SECONDS = {"betting": 2, "talks": 2}


async def one_check(washington: BrinkClient, beijing: BrinkClient) -> None:
    """Seat the two in a new intro room; Washington checks, and Beijing sees it."""
    room = await washington.create_room("intro", timers=False)
    await washington.join(room.code, "washington")
    await beijing.join(room.code, "beijing")
    before = beijing.n
    await washington.act(Check())
    await beijing.wait_for(lambda view: beijing.n > before)


async def test_two_workers_share_the_port_and_play_across_each_other(
    serve: Serve, redis_url: str
) -> None:
    served = await serve(redis_url)
    assert len(served.workers()) == 2
    washington, beijing = await on_two_workers(served, ("Ada", "Bo"))
    try:
        await one_check(washington, beijing)
        checked = [e.event for e in beijing.entries if e.event and e.event.type == "checked"]
        assert checked, "the other worker's player saw the move (pub/sub between workers)"
    finally:
        await washington.close()
        await beijing.close()
    # Two processes on the one Redis, each with its heartbeat.
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        assert len(await redis.zrange(keys.PROCESSES, 0, -1)) == 2


async def scrape(port: int) -> dict[str, float]:
    """Read /metrics on a new connection (the kernel hands each to either worker); return the
    unlabelled samples by name."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}/metrics") as response,
    ):
        text = await response.text()
    found: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name.startswith("brink_") and "{" not in name:
            found[name] = float(value)
    return found


async def test_metrics_count_every_worker_whichever_answers(serve: Serve, redis_url: str) -> None:
    served = await serve(redis_url)
    washington, beijing = await on_two_workers(served, ("Ada", "Bo"))
    try:
        await one_check(washington, beijing)
        scrapes = [await scrape(served.port) for _ in range(16)]
    finally:
        await washington.close()
        await beijing.close()
    # Whichever worker answered, the same figures: both workers' connections and commands
    # (the room's start and the check, made in the first player's worker).
    assert all(found == scrapes[0] for found in scrapes), scrapes
    assert scrapes[0]["brink_connections"] == 2
    assert scrapes[0]["brink_commands_total"] == 2
    assert scrapes[0]["brink_rooms"] == 2  # the room, held by both workers


async def test_the_open_sockets_limit_counts_every_worker(serve: Serve, redis_url: str) -> None:
    served = await serve(redis_url, BRINK_CONNECTIONS_PER_ADDRESS="3")
    held = [await websockets.connect(served.url) for _ in range(3)]
    try:
        # Three sockets, spread over the workers: a fourth is refused whichever worker takes it.
        for _ in range(6):
            with pytest.raises(InvalidStatus) as refused:
                await websockets.connect(served.url)
            assert refused.value.response.status_code == 429
        with pytest.raises(BrinkConnectionError, match="too many connections from this address"):
            await BrinkClient(served.url).connect()
        await held.pop().close()
        for _ in range(50):  # the worker counts the socket as closed once it has seen it close
            try:
                held.append(await websockets.connect(served.url))
                break
            except InvalidStatus:
                await asyncio.sleep(0.05)
        assert len(held) == 3, "a socket given back makes room for another"
    finally:
        for ws in held:
            await ws.close()


async def test_a_dead_workers_sockets_no_longer_count(serve: Serve, redis_url: str) -> None:
    served = await serve(redis_url, BRINK_CONNECTIONS_PER_ADDRESS="2")
    first = BrinkClient(served.url, "Ada")
    await first.connect()
    second = BrinkClient(served.url, "Bo")
    await second.connect()
    try:
        victim = served.worker_of(first)
        os.kill(victim, signal.SIGKILL)
        for _ in range(100):  # restarted, its row zeroed: the address holds one socket now
            try:
                third = await websockets.connect(served.url)
                break
            except (InvalidStatus, OSError):
                await asyncio.sleep(0.1)
        else:
            raise AssertionError("the dead worker's sockets still count")
        await third.close()
    finally:
        await first.close()
        await second.close()


async def test_quick_match_timers_and_bot_rooms_work_across_workers(
    serve: Serve, redis_url: str
) -> None:
    served = await serve(redis_url)
    waiting, arriving = await on_two_workers(served, ("Mei", "Lin"))
    try:
        queued = asyncio.create_task(waiting.quick_match("intro", timeout=20))
        await asyncio.sleep(0.3)
        seated = await arriving.quick_match("intro", timeout=20)
        first = await queued
        assert first.code == seated.code and {waiting.seat, arriving.seat} == {
            "washington",
            "beijing",
        }
    finally:
        await waiting.close()
        await arriving.close()
    washington, beijing = await on_two_workers(served, ("Ada", "Bo"))
    try:
        room = await washington.create_room("intro", seconds=SECONDS)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        turn = beijing.view["turn"]
        await beijing.wait_for(lambda view: view["turn"] > turn, timeout=15)
        timed_out = [e for e in beijing.entries if e.event and e.event.type == "timed_out"]
        assert len(timed_out) == 1, "the turn timed out once, whichever worker did it"
    finally:
        await washington.close()
        await beijing.close()
    async with BrinkClient(served.url, "Kim") as player:
        await player.play_bot(scenario="intro", side="washington", bot="tit_for_tat")
        before = player.n
        await player.act(Check())

        def answered(view: object) -> bool:
            return any(
                entry.n > before and getattr(entry.event, "side", None) == "beijing"
                for entry in player.entries
            )

        await player.wait_for(answered)  # the bot, in the worker that holds the room, moved


async def test_the_embedded_redis_is_shared_and_everything_stops_on_sigterm(
    serve: Serve, tmp_path: Path
) -> None:
    served = await serve(None)
    workers = served.workers()
    redis_server = [
        child
        for child in psutil.Process(served.process.pid).children()
        if "redis-server" in child.name()
    ]
    assert len(workers) == 2 and len(redis_server) == 1
    washington, beijing = await on_two_workers(served, ("Ada", "Bo"))
    try:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")  # the room, made on one worker, is found
    finally:
        await washington.close()
        await beijing.close()
    assert served.stop() == 0
    gone = psutil.wait_procs([*workers, *redis_server], timeout=10)[1]
    assert gone == [], "every worker and the embedded Redis stopped"


async def test_a_worker_that_dies_is_started_again(serve: Serve, redis_url: str) -> None:
    served = await serve(redis_url)
    victim, survivor = served.workers()
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    for _ in range(200):
        if len(served.workers()) == 2 and victim.pid not in [w.pid for w in served.workers()]:
            break
        await asyncio.sleep(0.1)
    assert len(served.workers()) == 2 and survivor in served.workers()
    washington, beijing = await on_two_workers(served, ("Ada", "Bo"))
    try:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
    finally:
        await washington.close()
        await beijing.close()


async def test_killing_the_parent_stops_its_workers(serve: Serve, redis_url: str) -> None:
    # A temporary folder of its own: any `brink serve` starting meanwhile (another test
    # process's) removes the shared folders of dead parents in the one it uses. A short path:
    # the workers' Unix sockets are in it (tmp_path under xdist is too long for AF_UNIX).
    own = Path(tempfile.mkdtemp(prefix="brink-test-", dir="/tmp"))
    try:
        served = await serve(redis_url, TMPDIR=str(own))
        workers = served.workers()
        served.process.send_signal(signal.SIGKILL)
        served.process.wait(10)
        gone = psutil.wait_procs(workers, timeout=20)[1]
        assert gone == [], "a worker whose parent died shuts down"
        async with Redis.from_url(redis_url, decode_responses=True) as redis:
            assert await redis.zrange(keys.PROCESSES, 0, -1) == [], "they said goodbye to Redis"
        # The workers' shared folder stays behind a killed parent; the next server removes it.
        left = list(own.glob(f"brink-workers-{served.process.pid}-*"))
        assert len(left) == 1
        await serve(redis_url, TMPDIR=str(own))
        assert not left[0].exists()
    finally:
        shutil.rmtree(own, ignore_errors=True)


@pytest.mark.parametrize(
    ("argv", "env", "said"),
    [
        (["--workers", "0"], {}, "brink serve: error: argument --workers: 0 workers: choose 1"),
        (["--workers", "two"], {}, "brink serve: error: argument --workers: not a number"),
        (
            [],
            {"BRINK_WORKERS": "0"},
            "brink serve: BRINK_WORKERS: Input should be greater than or equal to 1",
        ),
    ],
)
def test_a_bad_number_of_workers_is_a_one_line_error(
    argv: list[str], env: dict[str, str], said: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith(said)


async def test_a_second_server_on_a_port_in_use_is_refused(
    serve: Serve, redis_url: str, tmp_path: Path
) -> None:
    served = await serve(redis_url)
    # Workers bind with SO_REUSEPORT, which would let another server bind beside them and take
    # half the connections: a second server on the same port must say the port is in use.
    command = [sys.executable, "-m", "server.cli", "serve", "--port", str(served.port)]
    command += ["--workers", "2", "--redis", redis_url, "--data-dir", str(tmp_path / "other")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"brink serve: cannot listen on 127.0.0.1:{served.port}: Address already in use "
        "(choose another with --port)"
    )
    assert len(served.workers()) == 2, "the first server goes on"
