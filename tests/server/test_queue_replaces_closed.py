"""Queueing again with `replaces` after a connection the server saw close (the usual loss: a
network change, a server restart): the server had already taken the ticket out of the queue, and
the `replaces` looked for a match made for it for MATCH_WAITS × 50 ms (1 s) before queueing — a
match it knew could not come. Now the ticket's leaving is noted, and the player is queued at
once. (MATCH_WAITS made long here, so the wait shows whatever the machine's speed.)"""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

import server.live.matchmaking
from client.connection import BrinkClient
from server.protocol import Queued, QuickMatch
from server.storage import keys


async def test_a_ticket_whose_connection_closed_is_replaced_at_once(
    server_url: str, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server.live.matchmaking, "MATCH_WAITS", 400)  # 20 s of looking
    async with BrinkClient(server_url, "Mei") as lost:
        queued = await lost.request(QuickMatch(scenario="intro", name="Mei"))
        assert isinstance(queued, Queued) and queued.ticket is not None
    async with asyncio.timeout(10):  # its close seen: out of the queue
        while await redis.llen(keys.queue("intro")):
            await asyncio.sleep(0.02)
    async with BrinkClient(server_url, "Mei") as mei:
        loop = asyncio.get_running_loop()
        started = loop.time()
        again = await mei.request(QuickMatch(scenario="intro", name="Mei", replaces=queued.ticket))
        assert isinstance(again, Queued)
        assert loop.time() - started < 5, "looked for a match that could not come"
        assert await redis.llen(keys.queue("intro")) == 1
