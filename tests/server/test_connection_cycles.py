"""A closed websocket leaves nothing for the garbage collector: it is freed as it closes.

aiohttp keeps a websocket's heartbeat callback in its request handler after the connection is
lost, a cycle through the response and the request. The server breaks it (server/web/ws.py
`let_go`): without that, every connection that closed waited for the collector's middle
generation, and under load that pass held the event loop for tens of milliseconds at a time.
"""

from __future__ import annotations

import asyncio
import gc

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from client.connection import BrinkClient

SERVER_KINDS = (RequestHandler, web.WebSocketResponse, web.Request)


def unreachable_server_objects() -> list[object]:
    """What a full collection finds only the collector could free, of aiohttp's server side."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return [item for item in gc.garbage if isinstance(item, SERVER_KINDS)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


async def test_closed_connections_are_freed_without_the_collector(server_url: str) -> None:
    gc.collect()
    for name in ("Ada", "Sam", "Cy"):
        async with BrinkClient(server_url, name) as client:
            created = await client.create_room("intro")
            await client.join(created.code, "washington")
    await asyncio.sleep(0.3)  # the server sees each socket close and its handler return
    assert unreachable_server_objects() == []
