"""What a server prints while its Redis is away: the pub/sub's lost connection once, then that
it reconnected — not a line at every try (eight in a 7 s outage, one every 2 s after that: a
five-minute restart filled the log with 150 lines a process)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from faultkit import InProcess, OwnRedis

from client.connection import BrinkClient


async def test_a_redis_outage_is_said_once_by_the_pub_sub_and_its_end_once(
    own_redis: OwnRedis, in_process: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    _, url = await in_process(own_redis.url)
    async with BrinkClient(url, "Ada") as ada:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")  # the room's channel is listened to
        with caplog.at_level(logging.INFO, logger="brink.pubsub"):
            own_redis.stop()
            await asyncio.sleep(5)
            own_redis.start()
            async with asyncio.timeout(20):
                while "reconnected" not in caplog.text:
                    await asyncio.sleep(0.1)
    lost = [r for r in caplog.records if "lost its connection" in r.getMessage()]
    assert len(lost) == 1, [r.getMessage() for r in lost]
    back = [r for r in caplog.records if "reconnected" in r.getMessage()]
    assert len(back) == 1, [r.getMessage() for r in back]
