"""`brink serve --workers N` with a worker that stops answering: frozen by SIGSTOP (or its event
loop stuck), it still holds its share of the port, and the connections the kernel gives it would
wait for ever. The parent hears a sign of life from each worker's event loop every second; one
silent for `BRINK_WORKER_SILENCE` seconds is killed and started again, and every connection is
served once more. A worker that is only idle is left alone."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from pathlib import Path

import psutil  # type: ignore[import-untyped]
from faultkit import OwnRedis, ServerProcess, Spawn

from client.connection import BrinkClient


async def _played(served: ServerProcess) -> None:
    """Two players meet in a room: both connections are served (whichever worker each reaches)."""
    async with asyncio.timeout(20):
        async with BrinkClient(served.url, "Ada") as ada, BrinkClient(served.url, "Bo") as bo:
            room = await ada.create_room("intro", timers=False)
            await ada.join(room.code, "washington")
            await bo.join(room.code, "beijing")


async def test_a_stopped_worker_is_killed_and_started_again(
    own_redis: OwnRedis, spawn: Spawn
) -> None:
    served = spawn(own_redis.url, BRINK_WORKERS="2", BRINK_WORKER_SILENCE="3")
    await served.logged("Brinkmanship is ready")
    victim, survivor = served.workers()
    victim.send_signal(signal.SIGSTOP)
    try:
        await served.logged("gave no sign of life for 3 s", seconds=30)
        async with asyncio.timeout(30):
            while not (len(served.workers()) == 2 and victim not in served.workers()):
                await asyncio.sleep(0.1)
        await served.logged("starting it again")
    finally:
        with contextlib.suppress(psutil.NoSuchProcess):
            victim.send_signal(signal.SIGCONT)
    assert survivor in served.workers(), "the worker that answered was left alone"
    for _ in range(6):  # connections spread over both workers again, each served
        await _played(served)


async def test_an_idle_worker_is_left_alone(own_redis: OwnRedis, spawn: Spawn) -> None:
    served = spawn(own_redis.url, BRINK_WORKERS="2", BRINK_WORKER_SILENCE="2")
    await served.logged("Brinkmanship is ready")
    before = served.workers()
    await asyncio.sleep(6)  # three times the silence allowed, with nothing to do
    assert served.workers() == before
    assert "no sign of life" not in Path(served.log.name).read_text(errors="replace")
    await _played(served)
