"""A connection's messages go out in order through its bounded queue, big ones that make the
socket wait among them, and a reader that stops reading fills the queue and is told to resync:
the server's memory for it stays bounded. Real aiohttp server, real websocket client. (Writing
a message straight to the socket when nothing waits, driving aiohttp's send by hand, broke its
drain waiter under backpressure here: the writer task stopped. It is not done.)"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from server.live.connection import Connection, RateLimit

LIMIT = 8
transports: list[asyncio.WriteTransport] = []
"""The server side's transports, newest last."""


@pytest.fixture
async def served() -> AsyncIterator[tuple[str, asyncio.Queue[Connection]]]:
    """A server whose websocket handler hands its Connection to the test and waits."""
    made: asyncio.Queue[Connection] = asyncio.Queue()
    transports.clear()

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        assert isinstance(request.transport, asyncio.WriteTransport)
        transports.append(request.transport)
        conn = Connection(ws, LIMIT, RateLimit(100, 100))
        conn.start()
        await made.put(conn)
        async for _ in ws:  # until the client closes
            pass
        await conn.close()
        return ws

    app = web.Application()
    app.router.add_get("/ws", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/ws", made
    await runner.cleanup()


@pytest.fixture
async def pair(
    served: tuple[str, asyncio.Queue[Connection]],
) -> AsyncIterator[tuple[aiohttp.ClientWebSocketResponse, Connection]]:
    """A websocket client and the server's Connection for it."""
    url, made = served
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, max_msg_size=0) as client,
    ):
        yield client, await made.get()


async def test_messages_arrive_in_order_big_ones_among_them(
    pair: tuple[aiohttp.ClientWebSocketResponse, Connection],
) -> None:
    client, conn = pair

    async def read() -> list[int]:
        return [json.loads((await client.receive()).data)["n"] for _ in range(300)]

    reading = asyncio.create_task(read())
    for n in range(300):  # a big one now and then: the socket makes the writer wait
        padding = "x" * (16_000_000 if n % 100 == 0 else 20_000)
        conn.send(json.dumps({"n": n, "pad": padding}))
        while conn.queue.qsize() >= LIMIT - 1:  # a reader that keeps up, if slowly
            await asyncio.sleep(0.001)
    assert await reading == list(range(300))
    assert not conn.behind


async def test_a_reader_that_stops_reading_is_told_to_resync_and_bounded(
    pair: tuple[aiohttp.ClientWebSocketResponse, Connection],
) -> None:
    client, conn = pair
    padding = "x" * 60_000
    sent = 0
    while not conn.behind and sent < 5_000:  # the client reads nothing meanwhile
        conn.send(json.dumps({"n": sent, "pad": padding}), droppable=True)
        sent += 1
        await asyncio.sleep(0)
    assert conn.behind, "a reader that stops reading is dropped from the stream"
    assert conn.queue.qsize() <= LIMIT
    # What waits in the server for it is bounded: the queue, and the transport's buffer.
    assert transports[-1].get_write_buffer_size() < 8 * 60_000 * LIMIT
    conn.send(json.dumps({"n": "late"}), droppable=True)  # dropped: it is behind
    # Reading again: the messages in order, up to where it fell behind, then the resync.
    last, kinds = -1, []
    while True:
        message = json.loads((await client.receive(timeout=10)).data)
        if "n" in message:
            assert message["n"] != "late"
            assert message["n"] > last
            last = message["n"]
        else:
            kinds.append(message["type"])
            break
    assert kinds == ["resync_required"]
