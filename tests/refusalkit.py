"""Bad input sent to a real server next to a room in play (tests/server/test_bad_input.py,
test_refused_requests.py, test_floods.py): a bare socket for what BrinkClient would never send,
the room (`Table`, its fixture `table` in tests/server/conftest.py), and the checks that a
refusal is readable and moved nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from client.connection import BrinkClient, ServerError
from server.engine.commands import Command
from server.protocol import PROTOCOL_VERSION, Error, Ping, Pong
from server.storage.store import Store

HELLO = json.dumps({"type": "hello", "protocol_version": PROTOCOL_VERSION})


# ---------------------------------------------------------------- a bare socket


class Raw:
    """A bare websocket to the server, for what BrinkClient would never send."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    @classmethod
    async def open(cls, url: str, *, hello: bool = True) -> Raw:
        raw = cls(await websockets.connect(url, max_size=2**22))
        if hello:
            await raw.send(HELLO)
            assert (await raw.reply())["type"] == "welcome"
        return raw

    async def send(self, data: str | bytes | dict[str, Any]) -> None:
        await self.socket.send(json.dumps(data) if isinstance(data, dict) else data)

    async def reply(self, timeout: float = 5) -> dict[str, Any]:
        """Return the next message that answers a request (not an update or presence)."""
        async with asyncio.timeout(timeout):
            while True:
                message: dict[str, Any] = json.loads(await self.socket.recv())
                if message["type"] not in ("update", "presence"):
                    return message

    async def error(self, timeout: float = 5) -> dict[str, Any]:
        message = await self.reply(timeout)
        assert message["type"] == "error", message
        return message

    async def ping(self) -> None:
        """Check the connection is up: a ping gets its pong."""
        await self.send({"type": "ping", "id": "still-there"})
        assert await self.reply() == {"type": "pong", "id": "still-there"}

    async def closed_with(self, timeout: float = 5) -> int:
        """Wait for the server to close the connection; return the close code it sent."""

        async def drain() -> None:
            async with asyncio.timeout(timeout):
                while True:
                    await self.socket.recv()

        with pytest.raises(ConnectionClosed) as closed:
            await drain()
        assert closed.value.rcvd is not None, "the server did not send a close frame"
        return closed.value.rcvd.code

    async def close(self) -> None:
        await self.socket.close()


# ---------------------------------------------------------------- a room in play


@dataclass
class Table:
    """A room in its first betting turn: two seated players and a spectator watching."""

    url: str
    code: str
    instructor_key: str
    washington: BrinkClient
    beijing: BrinkClient
    watcher: BrinkClient
    store: Store

    @property
    def clients(self) -> list[BrinkClient]:
        return [self.washington, self.beijing, self.watcher]

    async def settle(self) -> None:
        """Ping every client, so whatever the server sent them before has arrived."""
        for client in self.clients:
            assert isinstance(await client.request(Ping()), Pong)

    async def state(self) -> dict[str, Any]:
        """Return everything a refused message must leave as it was."""
        await self.settle()
        assert await self.store.meta(self.code) is not None
        return {
            "n": await self.store.position(self.code),
            "log": await self.store.redis.xlen(Store.key(self.code, "log")),
            "seats": await self.store.seats(self.code),
            "positions": [client.n for client in self.clients],
            "views": [client.view for client in self.clients],
        }


@asynccontextmanager
async def unchanged(table: Table) -> AsyncIterator[None]:
    """Check that nothing inside the block moves the room."""
    before = await table.state()
    yield
    after = await table.state()
    assert after == before, "a refused message changed the room"


async def answer(client: BrinkClient, text: str) -> Error:
    """Send `text` as it is and return the error the server answers with."""
    client.last_error = None
    await client.send_raw(text)
    async with asyncio.timeout(5):
        while client.last_error is None:
            await asyncio.sleep(0.005)
    error = client.last_error
    assert error is not None
    return error


async def refused(client: BrinkClient, command: Command) -> ServerError:
    """Send a game command the engine must refuse; return the refusal."""
    with pytest.raises(ServerError) as caught:
        await client.act(command)
    return caught.value


async def still_up(client: BrinkClient) -> None:
    assert isinstance(await client.request(Ping()), Pong)


def readable(message: str, *fragments: str) -> None:
    """Check an error message is a sentence for people that names what was wrong."""
    assert 8 <= len(message) <= 300, message
    assert "Traceback" not in message and "pydantic" not in message.lower(), message
    for fragment in fragments:
        assert fragment.lower() in message.lower(), f"{fragment!r} not in {message!r}"
