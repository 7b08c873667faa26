"""One room whose log holds an entry the server cannot read (damaged by hand, written by a bug)
must not stop the turn timers of every other room: its turn coming due raised out of the timer
loop, which ended without a word, and no turn of that process timed out again."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from faultkit import InProcess, committed
from redis.asyncio import Redis

from client.connection import BrinkClient
from server.storage import keys
from server.web.appkeys import HUB


async def _seated(url: str) -> tuple[str, BrinkClient, BrinkClient]:
    ada, bo = BrinkClient(url, "Ada"), BrinkClient(url, "Bo")
    await ada.connect()
    await bo.connect()
    room = await ada.create_room("intro", seconds={"betting": 2, "talks": 2})
    await ada.join(room.code, "washington")
    await bo.join(room.code, "beijing")
    return room.code, ada, bo


async def _damage(redis_url: str, code: str) -> None:
    """Append an entry that is not JSON to the room's log (`n` moved on with it)."""
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        n = int(await redis.hget(keys.room(code), "n") or 0) + 1
        await redis.xadd(keys.room(code, "log"), {str(n): f'{{"n": {n}, "cut'}, id=f"{n}-0")
        await redis.hset(keys.room(code), "n", n)


async def test_a_room_that_cannot_be_read_stops_no_other_rooms_timers(
    redis_url: str, in_process: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    _, url = await in_process(redis_url)
    damaged, ada, bo = await _seated(url)
    await ada.close()  # everyone leaves: the process lets the room go, and reads it again
    await bo.close()  # when its turn comes due
    await asyncio.sleep(0.5)
    await _damage(redis_url, damaged)
    code, ada, bo = await _seated(url)
    try:
        with caplog.at_level(logging.ERROR, logger="brink.timers"):
            start = len(await committed(redis_url, code))
            async with asyncio.timeout(30):
                while True:
                    log = await committed(redis_url, code)
                    timed_out = [e for e in log[start:] if e.command and e.command.seat == "system"]
                    if len(timed_out) >= 3:
                        break
                    await asyncio.sleep(0.1)
        assert f"room {damaged}: its turn could not be timed out" in caplog.text
    finally:
        await ada.close()
        await bo.close()


async def test_a_passing_network_error_does_not_stop_a_rooms_timer(
    redis_url: str, in_process: InProcess
) -> None:
    """An error of the connection to Redis that is not a RedisError (a reset socket, an
    OSError; a Cluster's node going away) while a turn came due was taken for a room that
    cannot be played: its timer was stopped for good, and a game nobody moved in hung. It is
    now taken as Redis away: the next check times the turn out."""
    runner, url = await in_process(redis_url)
    hub = runner.app[HUB]
    code, ada, bo = await _seated(url)
    room = hub.room
    failed: list[str] = []

    async def reset_once(asked: str) -> Any:
        if asked == code and not failed:
            failed.append(asked)
            raise ConnectionResetError(104, "Connection reset by peer")
        return await room(asked)

    hub.room = reset_once
    try:
        start = len(await committed(redis_url, code))
        async with asyncio.timeout(30):
            while True:
                log = await committed(redis_url, code)
                if [e for e in log[start:] if e.command and e.command.seat == "system"]:
                    break
                await asyncio.sleep(0.1)
        assert failed == [code], "the fault came as the turn came due"
    finally:
        await ada.close()
        await bo.close()
