"""Redis restarts under a running game (AOF on): play goes on across processes from the last
acknowledged action; while Redis is away, requests get `unavailable` and nothing changes, and a
client whose resume is refused so tries again."""

from __future__ import annotations

import asyncio
import logging

import pytest
from faultkit import InProcess, OwnRedis, committed, step

from client.connection import BrinkClient, Notice, ServerError, Status
from server.engine.commands import Check
from server.protocol import Error
from server.web.appkeys import METRICS


async def _move_when_back(clients: dict[str, BrinkClient], seconds: float = 15) -> None:
    """Make the next move, retrying while Redis is still coming back."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        try:
            await step(clients)
            return
        except ServerError as error:
            if error.code != "unavailable" or loop.time() > deadline:
                raise
            await asyncio.sleep(0.2)


@pytest.mark.parametrize("how", ["shutdown", "kill -9"])
async def test_processes_keep_hearing_each_other_after_redis_restarts(
    own_redis: OwnRedis, in_process: InProcess, how: str
) -> None:
    _, first = await in_process(own_redis.url)
    _, second = await in_process(own_redis.url)
    async with BrinkClient(first, "Ada") as washington, BrinkClient(second, "Bo") as beijing:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        clients = {"washington": washington, "beijing": beijing}
        for _ in range(3):
            assert await step(clients)
        acknowledged = washington.n
        own_redis.stop() if how == "shutdown" else own_redis.kill()
        await asyncio.sleep(0.3)
        mover = clients[washington.view["to_act"] or "washington"]
        with pytest.raises(ServerError) as refused:
            await mover.act(Check())
        assert refused.value.code == "unavailable"
        own_redis.start()
        # Every move from here must reach the other process's player (pub/sub came back).
        moves = 0
        while moves < 12:
            await _move_when_back(clients)
            moves += 1
            if washington.view["outcome"]:
                break
        assert beijing.view == washington.view or beijing.view["seq"] == washington.view["seq"]
    log = await committed(own_redis.url, room.code)
    assert [entry.n for entry in log] == list(range(1, len(log) + 1)), "a gap in the log"
    assert log[-1].n >= acknowledged + moves


async def test_a_resume_refused_while_redis_is_away_is_tried_again(
    own_redis: OwnRedis, in_process: InProcess
) -> None:
    """A connection lost while Redis restarts: the resume is refused `unavailable` (it recovers
    by itself), so the client tries again rather than giving up, and is back once Redis is."""
    _, url = await in_process(own_redis.url)
    async with BrinkClient(url, "Ada", auto_resume=True) as ada, BrinkClient(url, "Bo") as bo:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        clients = {"washington": ada, "beijing": bo}
        assert await step(clients)
        heard: list[str] = []
        refused = asyncio.Event()

        def listen(notice: Notice) -> None:
            if isinstance(notice, Status):
                heard.append(notice.kind)
            elif isinstance(notice, Error) and notice.code == "unavailable":
                refused.set()

        ada.listeners.append(listen)
        own_redis.stop()
        ada.break_connection()
        await asyncio.wait_for(refused.wait(), 10)  # its resume was refused: Redis is away
        own_redis.start()
        async with asyncio.timeout(20):
            while not {"resumed", "failed"} & set(heard):
                await asyncio.sleep(0.05)
        assert heard[-1] == "resumed", heard
        await _move_when_back(clients)  # the seat plays on, and Bo sees it


async def test_the_timer_loop_says_once_that_redis_is_away_and_when_it_is_back(
    own_redis: OwnRedis, in_process: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    """Its checks fail 20 times a second meanwhile: one line for them, one when they work."""
    runner, _ = await in_process(own_redis.url)
    registry = runner.app[METRICS].registry

    def said() -> list[str]:
        return [r.getMessage().split(":")[0] for r in caplog.records if r.name == "brink.timers"]

    with caplog.at_level(logging.WARNING, logger="brink.timers"):
        own_redis.stop()
        async with asyncio.timeout(15):
            while (registry.get_sample_value("brink_redis_errors_total") or 0) < 5:
                await asyncio.sleep(0.05)
        assert said() == ["timer check failed"], "said once, not at every check"
        own_redis.start()
        async with asyncio.timeout(15):
            while said() == ["timer check failed"]:
                await asyncio.sleep(0.05)
    assert said() == ["timer check failed", "timer checks work again"]
