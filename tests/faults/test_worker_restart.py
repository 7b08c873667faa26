"""`brink serve` under faults of its Redis: a worker (`--workers N`) killed while Redis is away
cannot start again until Redis is back; the server goes on (the other worker serves) and starts it
once it can. The embedded Redis killed is started again, and every process reaches it again."""

from __future__ import annotations

import asyncio
import signal

import aiohttp
import psutil  # type: ignore[import-untyped]
import pytest
from faultkit import OwnRedis, Spawn

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check


async def test_a_worker_killed_while_redis_is_away_starts_again_once_it_is_back(
    own_redis: OwnRedis, spawn: Spawn
) -> None:
    served = spawn(own_redis.url, BRINK_WORKERS="2")
    await served.logged("Brinkmanship is ready")
    victim, survivor = served.workers()
    own_redis.stop()
    victim.send_signal(signal.SIGKILL)
    await served.logged("did not start")  # it was started again, and Redis is away
    own_redis.start()
    await served.logged("serves again", seconds=90)  # the next attempt reaches Redis
    assert served.process.poll() is None, "the server went on"
    assert survivor in served.workers() and len(served.workers()) == 2
    async with BrinkClient(served.url, "Ada") as ada, BrinkClient(served.url, "Bo") as bo:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        before = bo.n
        try:
            await ada.act(Check())
        except ServerError as error:  # a worker whose pub/sub is still catching up, at most
            if error.code != "unavailable":
                raise
            await asyncio.sleep(0.5)
            await ada.act(Check())
        await bo.wait_for(lambda view: bo.n > before)


@pytest.mark.parametrize("workers", ["1", "2"])
async def test_the_embedded_redis_killed_is_started_again(spawn: Spawn, workers: str) -> None:
    served = spawn(None, BRINK_WORKERS=workers)
    await served.logged("Brinkmanship is ready")
    redis = next(
        child
        for child in psutil.Process(served.process.pid).children(recursive=True)
        if "redis-server" in " ".join(child.cmdline())
    )
    async with BrinkClient(served.url, "Ada", auto_resume=True) as ada:
        redis.send_signal(signal.SIGKILL)
        health = served.url.replace("ws://", "http://").replace("/ws", "/healthz")
        async with asyncio.timeout(30), aiohttp.ClientSession() as http:
            while True:  # until it is back, and the process asked reaches it again
                async with http.get(health) as answer:
                    if answer.status == 200:
                        break
                await asyncio.sleep(0.2)
        room = await ada.create_room("intro", timers=False)
        async with BrinkClient(served.url, "Bo") as bo:
            await ada.join(room.code, "washington")
            await bo.join(room.code, "beijing")
            before = bo.n
            await ada.act(Check())
            await bo.wait_for(lambda view: bo.n > before)
    await served.logged("embedded Redis exited (status -9); starting it again")
