"""A process taken for dead (swept after a stall) counts its players again in every room it
holds. One room that fails as it is read again (an entry in its log the server cannot read)
stopped that count at that room: the rooms after it kept their players shown away, and were
paused for want of them at their next deadline, though everyone was there."""

from __future__ import annotations

import asyncio
import logging

import pytest
from faultkit import InProcess, committed
from redis.asyncio import Redis

from client.connection import BrinkClient
from server.storage import keys
from server.storage.liveness import Liveness
from server.web.appkeys import HUB


async def _seated(url: str, redis_url: str) -> tuple[str, BrinkClient, BrinkClient]:
    """A room with both players on the server at `url`, its clock started."""
    ada, bo = BrinkClient(url, "Ada"), BrinkClient(url, "Bo")
    await ada.connect()
    await bo.connect()
    room = await ada.create_room("intro")
    await ada.join(room.code, "washington")
    await bo.join(room.code, "beijing")
    while not any(
        e.notice and e.notice.kind == "resumed" for e in await committed(redis_url, room.code)
    ):
        await asyncio.sleep(0.05)
    return room.code, ada, bo


async def test_a_room_that_fails_is_logged_and_the_other_rooms_are_counted_again(
    redis_url: str, in_process: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    runner, url = await in_process(redis_url)
    origin = runner.app[HUB].origin
    damaged, *first = await _seated(url, redis_url)  # held first: restored first
    codes = [await _seated(url, redis_url) for _ in range(2)]
    clients = [*first, *(c for _, *pair in codes for c in pair)]
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        try:
            # An entry that is not JSON at the end of the first room's log (`n` moved on).
            n = int(await redis.hget(keys.room(damaged), "n") or 0) + 1
            await redis.xadd(keys.room(damaged, "log"), {str(n): '{"n": cut'}, id=f"{n}-0")
            await redis.hset(keys.room(damaged), "n", n)
            # Another process sweeps this one as dead: its presence counts are taken away.
            sweeper = Liveness(redis, "sweeper")
            with caplog.at_level(logging.WARNING, logger="brink.timers"):
                assert await redis.zrem(keys.PROCESSES, origin) == 1
                await sweeper.forget(origin)
                for code, *_ in codes:
                    assert await sweeper.present(code) == {}
                # Its next beat finds it swept, and it counts its players again.
                async with asyncio.timeout(30):
                    while True:
                        counted = [await sweeper.present(code) for code, *_ in codes]
                        if all(c == {"washington": 1, "beijing": 1} for c in counted):
                            break
                        await asyncio.sleep(0.05)
            assert f"room {damaged}: its players could not be counted again" in caplog.text
        finally:
            for client in clients:
                await client.close()
