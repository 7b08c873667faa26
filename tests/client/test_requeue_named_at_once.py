"""A client whose connection is lost while queued, and which knows its queueing's ticket, queues
again at once naming it (`replaces`, protocol §17): the server takes that ticket out of the queue
(or hands over its match), so the player cannot meet their own ticket and need not wait. It
waited QUEUE_AGAIN_AFTER (6 s) all the same — the wait is for a loss before `queued` came back,
when the ticket is not known. The loss here is a socket aborted (a network failure)."""

from __future__ import annotations

import asyncio
import json

from redis.asyncio import Redis

from client.connection import BrinkClient, Status
from server.protocol import Queued
from server.storage import keys


async def _tickets(redis: Redis) -> list[str]:
    return [json.loads(item)["ticket"] for item in await redis.lrange(keys.queue("intro"), 0, -1)]


async def test_a_client_that_knows_its_ticket_queues_again_at_once(
    server_url: str, redis: Redis
) -> None:
    mei = BrinkClient(server_url, "Mei", auto_resume=True)
    heard: list[str] = []
    queued: list[Queued] = []
    mei.listeners.append(lambda n: heard.append(n.kind) if isinstance(n, Status) else None)
    mei.listeners.append(lambda n: queued.append(n) if isinstance(n, Queued) else None)
    async with mei, BrinkClient(server_url, "Tom") as tom:
        waiting = asyncio.create_task(mei.quick_match("intro", timeout=60))
        async with asyncio.timeout(10):  # queued, and told so (its ticket known)
            while not queued:
                await asyncio.sleep(0.02)
        first = await _tickets(redis)
        assert first == [queued[0].ticket]
        loop = asyncio.get_running_loop()
        lost_at = loop.time()
        mei.break_connection()
        async with asyncio.timeout(10):  # queued again: a new ticket, alone
            while (now := await _tickets(redis)) == first or len(now) != 1:
                await asyncio.sleep(0.02)
        assert loop.time() - lost_at < 2.5, "queued again only after the blind wait"
        assert "resumed" in heard
        met = await tom.quick_match("intro")
        mine = await asyncio.wait_for(waiting, 10)
        assert mine.code == met.code and mine.seat != met.seat
