"""Security at the edge (see test_security.py): the limits on new rooms, per connection and
per client address across connections and processes, which client address a trusted proxy
names, and the cap on open sockets per address."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
import websockets
from redis.asyncio import Redis
from securitykit import HELLO, http
from serverkit import Start
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidStatus

FOREVER = 10_000_000.0
"""A room window no test outlives (windows are aligned to the epoch: no boundary mid-test)."""


# ---------------------------------------------------------------- a bare socket


class Socket:
    """A websocket that says hello, sends requests and returns the reply to each."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    @classmethod
    async def open(cls, url: str, forwarded_for: str | None = None) -> Socket:
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else None
        opened = cls(await websockets.connect(url, additional_headers=headers))
        assert (await opened.request(HELLO))["type"] == "welcome"
        return opened

    async def request(self, message: dict[str, Any]) -> dict[str, Any]:
        """Send `message`; return the reply that carries its id (updates and presence skipped)."""
        await self.socket.send(json.dumps(message))
        async with asyncio.timeout(5):
            while True:
                reply: dict[str, Any] = json.loads(await self.socket.recv())
                if reply.get("id") == message["id"]:
                    return reply

    async def new_room(self, kind: str = "create_room", number: int = 0) -> dict[str, Any]:
        """Ask for a new room (`create_room`, `play_bot` or `quick_match`); return the reply."""
        message: dict[str, Any] = {"type": kind, "id": f"{kind}-{number}"}
        if kind == "create_room":
            message |= {"scenario": "intro", "timers": False}
        return await self.request(message)

    async def still_up(self) -> None:
        assert await self.request({"type": "ping", "id": "up"}) == {"type": "pong", "id": "up"}

    async def close(self) -> None:
        await self.socket.close()


Connect = Callable[..., Awaitable[Socket]]


@pytest.fixture
async def connect(servers: Start) -> AsyncIterator[Connect]:
    """Open sockets (`await connect(url, forwarded_for=...)`); every one still open is closed
    at the end of the test, before its servers stop (which would wait for them)."""
    opened: list[Socket] = []

    async def open_one(url: str, forwarded_for: str | None = None) -> Socket:
        one = await Socket.open(url, forwarded_for)
        opened.append(one)
        return one

    yield open_one
    for one in opened:
        await one.close()


def made(reply: dict[str, Any]) -> bool:
    """Return whether a reply to a request for a room is a success."""
    return reply["type"] in ("room_created", "joined", "queued")


def limited(reply: dict[str, Any], why: str) -> bool:
    assert reply["type"] == "error", reply
    assert reply["code"] == "too_many_rooms", reply
    assert reply["id"] is not None, "the refusal answers the request by its id"
    assert why in reply["message"], reply
    return True


async def rooms_in(redis_url: str) -> int:
    """Return how many rooms Redis holds."""
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        return len([key async for key in redis.scan_iter("brink:room:*") if key.count(":") == 2])


async def counted(redis_url: str) -> dict[str, int]:
    """Return the room-limit counters in Redis, by client address."""
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        found: dict[str, int] = {}
        async for key in redis.scan_iter("brink:limit:rooms:*"):
            address = key.removeprefix("brink:limit:rooms:").rsplit(":", 1)[0]
            found[address] = found.get(address, 0) + int(await redis.get(key) or 0)
        return found


# ---------------------------------------------------------------- new rooms and open sockets


async def test_new_rooms_over_the_limit_per_connection_are_refused_and_it_stays_up(
    servers: Start, connect: Connect, redis_url: str
) -> None:
    url = await servers(rooms_per_connection=2, rooms_per_address=100, rooms_window=FOREVER)
    first = await connect(url)
    assert made(await first.new_room(number=1))
    assert made(await first.new_room(number=2))
    assert limited(await first.new_room(number=3), "this connection")
    assert limited(await first.new_room("play_bot"), "this connection")
    assert limited(await first.new_room("quick_match"), "this connection")
    await first.still_up()
    assert await rooms_in(redis_url) == 2
    second = await connect(url)
    assert made(await second.new_room("play_bot"))
    assert await rooms_in(redis_url) == 3


async def test_new_rooms_from_one_address_are_counted_across_connections_and_processes(
    servers: Start, connect: Connect, redis_url: str
) -> None:
    """Each connection asks once, alternating between two server processes: the address's
    fourth request for a room is refused, whichever process and kind of request it is."""
    options = {"rooms_per_address": 3, "rooms_per_connection": 100, "rooms_window": FOREVER}
    urls = [await servers(**options), await servers(**options)]
    sockets = [await connect(urls[number % 2]) for number in range(5)]
    assert made(await sockets[0].new_room("create_room"))
    assert made(await sockets[1].new_room("play_bot"))
    assert made(await sockets[2].new_room("quick_match"))
    assert limited(await sockets[3].new_room("create_room"), "your network address")
    assert limited(await sockets[4].new_room("play_bot"), "your network address")
    for opened in sockets:
        await opened.still_up()
    assert await rooms_in(redis_url) == 2  # the quick match waits for a partner
    assert (await counted(redis_url)).keys() == {"127.0.0.1"}


async def test_the_room_limit_starts_again_with_the_next_window(
    servers: Start, connect: Connect
) -> None:
    url = await servers(rooms_per_address=1, rooms_window=1.0)
    opened = await connect(url)
    replies = [await opened.new_room(number=number) for number in range(3)]
    assert any(reply["type"] == "error" for reply in replies), "nothing was refused"
    refusal = next(reply for reply in replies if reply["type"] == "error")
    assert limited(refusal, "wait 1 s")
    async with asyncio.timeout(3):
        number = 3
        while not made(await opened.new_room(number=number)):
            number += 1
            await asyncio.sleep(0.1)


async def test_a_trusted_proxy_names_the_client_and_a_client_cannot(
    servers: Start, connect: Connect, redis_url: str
) -> None:
    """Behind our proxies, the address is the last one X-Forwarded-For names that is not one of
    them; whatever a client writes in the header itself stays to the left of it."""
    url = await servers(
        trusted_proxies=["127.0.0.1", "10.9.0.0/16"], rooms_per_address=1, rooms_window=FOREVER
    )
    ada = await connect(url, forwarded_for="198.51.100.1")
    assert made(await ada.new_room())
    spoofing = await connect(url, forwarded_for="203.0.113.77, 198.51.100.1")
    assert limited(await spoofing.new_room(), "your network address")
    chained = await connect(url, forwarded_for="198.51.100.2, 10.9.0.5")
    assert made(await chained.new_room())
    unreadable = await connect(url, forwarded_for="not-an-address, 10.9.0.6")
    assert made(await unreadable.new_room())  # counted against the proxy that vouched for it
    assert await counted(redis_url) == {"198.51.100.1": 2, "198.51.100.2": 1, "10.9.0.6": 1}


async def test_x_forwarded_for_from_a_peer_that_is_not_our_proxy_is_ignored(
    servers: Start, connect: Connect, redis_url: str
) -> None:
    url = await servers(rooms_per_address=1, rooms_window=FOREVER)
    ada = await connect(url, forwarded_for="198.51.100.1")
    assert made(await ada.new_room())
    bo = await connect(url, forwarded_for="198.51.100.2")
    assert limited(await bo.new_room(), "your network address")
    assert await counted(redis_url) == {"127.0.0.1": 2}


async def test_open_sockets_per_address_are_capped(servers: Start, connect: Connect) -> None:
    url = await servers(connections_per_address=2, trusted_proxies=["127.0.0.1"])
    held = [await connect(url, forwarded_for="198.51.100.1") for _ in range(2)]
    with pytest.raises(InvalidStatus) as refused:
        await connect(url, forwarded_for="198.51.100.1")
    assert refused.value.response.status_code == 429
    assert b"too many connections" in refused.value.response.body
    assert refused.value.response.headers["Retry-After"] == "10"
    others = [await connect(url, forwarded_for="198.51.100.2"), await connect(url)]
    for opened in held + others:
        await opened.still_up()
    await held.pop().close()
    async with asyncio.timeout(3):  # the server lets go of the socket a moment after it closes
        while True:
            try:
                held.append(await connect(url, forwarded_for="198.51.100.1"))
                break
            except InvalidStatus:
                await asyncio.sleep(0.05)
    async with aiohttp.ClientSession() as session, session.get(http(url) + "/metrics") as reply:
        assert 'brink_refused_total{code="too_many_connections"}' in await reply.text()
