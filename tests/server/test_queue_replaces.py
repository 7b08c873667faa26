"""Queueing again after a socket died without a word (protocol §17, `replaces`): the server
holds the dead socket's ticket until its heartbeat gives the socket up (~45 s). The next player
was matched with it — seated in a room whose other seat nobody would take — while the player,
queued again on a new socket, waited in the queue twice. Now `queued` says the ticket, and a
client queueing again names it: it leaves the queue, or, matched meanwhile, the new socket takes
its seat. The dead socket is a real websocket that stops reading (the server cannot tell)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import websockets
from redis.asyncio import Redis

from client.connection import BrinkClient
from server.storage import keys


async def ghost(url: str) -> tuple[Any, str]:
    """A socket that queues for `intro` and then goes silent; return it and its ticket."""
    ws = await websockets.connect(url)
    await ws.send(json.dumps({"type": "hello", "protocol_version": 2, "id": "h"}))
    await ws.send(json.dumps({"type": "quick_match", "id": "q", "name": "Mei"}))
    while True:
        said = json.loads(await ws.recv())
        if said.get("type") == "queued":
            assert isinstance(said.get("ticket"), str)
            return ws, said["ticket"]


async def heard(ws: Any) -> list[str]:
    """The types of the messages waiting on `ws` (read for a moment)."""
    found = []
    try:
        while True:
            found.append(json.loads(await asyncio.wait_for(ws.recv(), 0.3))["type"])
    except TimeoutError:
        return found


async def test_the_lost_ticket_leaves_the_queue_and_the_next_player_meets_the_new_socket(
    server_url: str, redis: Redis
) -> None:
    dead, ticket = await ghost(server_url)
    async with BrinkClient(server_url, "Mei") as mei, BrinkClient(server_url, "Tom") as tom:
        waiting = asyncio.create_task(mei.quick_match("intro", replaces=ticket))
        async with asyncio.timeout(10):
            while await redis.llen(keys.queue("intro")) != 1 or ticket in str(
                await redis.lrange(keys.queue("intro"), 0, -1)
            ):
                await asyncio.sleep(0.02)  # the new ticket in the queue, alone
        met = await tom.quick_match("intro")
        joined = await asyncio.wait_for(waiting, 10)
        assert joined.code == met.code and joined.seat != met.seat
        assert "joined" not in await heard(dead)  # the dead socket was matched with nobody
    await dead.close()


async def test_a_match_made_for_the_lost_ticket_is_taken_by_the_new_socket(
    server_url: str,
) -> None:
    dead, ticket = await ghost(server_url)
    async with BrinkClient(server_url, "Tom") as tom, BrinkClient(server_url, "Mei") as mei:
        met = await tom.quick_match("intro")  # matched with the socket that went silent
        taken = await mei.quick_match("intro", replaces=ticket)
        assert taken.code == met.code and taken.seat != met.seat
        assert taken.seats[taken.seat] == "Mei"
        view = await mei.wait_for(lambda v: v["phase_kind"] == "betting", timeout=10)
        assert view["viewer"] == taken.seat
    await dead.close()


async def test_a_ticket_that_is_gone_or_unknown_only_queues(server_url: str) -> None:
    async with BrinkClient(server_url, "Mei") as mei, BrinkClient(server_url, "Tom") as tom:
        waiting = asyncio.create_task(mei.quick_match("intro", replaces="0123456789abcdef"))
        met = await tom.quick_match("intro")
        joined = await asyncio.wait_for(waiting, 10)
        assert joined.code == met.code
