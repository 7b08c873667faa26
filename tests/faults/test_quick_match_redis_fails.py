"""Redis failing part-way through a quick match: the waiting player's ticket was taken from the
queue, the room made, and the waiting player's seat could not be claimed. The newcomer is
refused (`unavailable`) — and the waiting player was lost: out of the queue, told of no match,
waiting on for ever while the next players met each other. Now the ticket goes back to the head
of the queue and the room made for nobody is deleted: the next player meets the one waiting."""

from __future__ import annotations

import asyncio
import json

import pytest
from faultkit import InProcess, rooms_in
from redis.asyncio import Redis
from redis.exceptions import TimeoutError as RedisTimeoutError

from client.connection import BrinkClient
from client.errors import ServerError
from server.live.hub import Hub
from server.protocol import Queued, QuickMatch
from server.storage import keys
from server.web.appkeys import HUB


async def test_a_quick_match_whose_seat_claim_fails_puts_the_waiting_player_back(
    redis_url: str, redis: Redis, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner, url = await in_process(redis_url)
    hub: Hub = runner.app[HUB]
    before = await rooms_in(redis)
    async with BrinkClient(url, "Mei") as mei, BrinkClient(url, "Tom") as tom:
        waiting = asyncio.create_task(mei.quick_match("intro", timeout=30))
        async with asyncio.timeout(10):
            while not await redis.llen(keys.queue("intro")):
                await asyncio.sleep(0.02)
        [queued] = await redis.lrange(keys.queue("intro"), 0, -1)
        claim_seat = hub.store.claim_seat

        async def away(*args: object) -> bool:
            monkeypatch.setattr(hub.store, "claim_seat", claim_seat)
            raise RedisTimeoutError("Redis did not answer within 5 s")

        monkeypatch.setattr(hub.store, "claim_seat", away)
        with pytest.raises(ServerError) as refused:
            await tom.request(QuickMatch(scenario="intro", name="Tom"))
        assert refused.value.code == "unavailable"
        # Mei waits where she was, and no room was left for nobody
        assert [
            json.loads(x)["ticket"] for x in await redis.lrange(keys.queue("intro"), 0, -1)
        ] == [json.loads(queued)["ticket"]]
        assert await rooms_in(redis) == before
        met = await tom.quick_match("intro")  # asked again: Tom meets Mei
        mine = await asyncio.wait_for(waiting, 10)
        assert mine.code == met.code and mine.seat != met.seat
        assert not isinstance(mine, Queued)
