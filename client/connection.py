"""An asyncio client for the Brinkmanship server, on `websockets`, typed with the shared protocol.

    async with BrinkClient("ws://localhost:8080/ws") as client:
        created = await client.create_room("intro")
        await client.join(created.code, "washington", name="Ada")
        await client.act(PlayCards(cards=["us_tariff_34"]))
        update = await client.next_update()

It keeps the seat token and the last log position, so `reconnect()` resumes the seat and
receives what was missed; it answers `resync_required` by asking for the whole view again.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from types import TracebackType
from typing import Any

import websockets
from pydantic import ValidationError
from websockets.asyncio.client import ClientConnection

from server.engine.commands import Command
from server.protocol import (
    PROTOCOL_VERSION,
    SERVER_MESSAGES,
    Accepted,
    Act,
    Chat,
    CreateRoom,
    Entry,
    Error,
    Hello,
    Join,
    Joined,
    PlayBot,
    Presence,
    Queued,
    QuickMatch,
    Request,
    Resume,
    Resync,
    RoomCreated,
    ServerMessage,
    Update,
    Welcome,
)


class ServerError(Exception):
    """The server refused a request: `code` is stable, `message` is for people."""

    def __init__(self, error: Error) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.code = error.code
        self.message = error.message


class BrinkClient:
    """One connection to a server, and the seat it holds."""

    def __init__(self, url: str, name: str = "player", record: bool = False) -> None:
        self.url = url
        self.name = name
        self.record = record
        self.received: list[str] = []
        """Every text frame received, when `record` is set (tests read what was sent)."""
        self.code: str | None = None
        self.seat: str | None = None
        self.token: str | None = None
        self.n = 0
        self.view: dict[str, Any] = {}
        self.entries: list[Entry] = []
        self.presence: list[Presence] = []
        self.welcome: Welcome | None = None
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[str, asyncio.Future[ServerMessage]] = {}
        self._updates: asyncio.Queue[Update] = asyncio.Queue()
        self._joined: asyncio.Queue[Joined] = asyncio.Queue()
        self._ids = itertools.count(1)
        self.invalid: list[str] = []
        self.last_error: Error | None = None

    async def __aenter__(self) -> BrinkClient:
        await self.connect()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def connect(self) -> Welcome:
        """Open the socket and say hello; return the server's welcome."""
        self._socket = await websockets.connect(self.url, max_size=2**22)
        self._reader = asyncio.create_task(self._read())
        reply = await self.request(Hello(protocol_version=PROTOCOL_VERSION, client="brink-python"))
        assert isinstance(reply, Welcome)
        self.welcome = reply
        return reply

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def drop(self) -> None:
        """Close the socket abruptly (as a lost connection would), keeping the seat token."""
        if self._socket is not None:
            self._socket.transport.abort()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def request(self, message: Request, timeout: float = 10) -> ServerMessage:
        """Send `message` and return the reply to it; raise ServerError if refused."""
        assert self._socket is not None, "connect first"
        request_id = str(next(self._ids))
        message = message.model_copy(update={"id": request_id})
        future: asyncio.Future[ServerMessage] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        await self._socket.send(message.model_dump_json())
        try:
            reply = await asyncio.wait_for(future, timeout)
        finally:
            self._pending.pop(request_id, None)
        if isinstance(reply, Error):
            raise ServerError(reply)
        return reply

    async def send_raw(self, text: str) -> None:
        """Send text as it is (for tests of what the server does with bad input)."""
        assert self._socket is not None
        await self._socket.send(text)

    async def create_room(self, scenario: str, **options: Any) -> RoomCreated:
        reply = await self.request(CreateRoom(scenario=scenario, **options))
        assert isinstance(reply, RoomCreated)
        return reply

    async def join(self, code: str, seat: str | None = None, **options: Any) -> Joined:
        options.setdefault("name", self.name)
        return self._seated(await self.request(Join(code=code, seat=seat, **options)))

    async def play_bot(self, **options: Any) -> Joined:
        options.setdefault("name", self.name)
        return self._seated(await self.request(PlayBot(**options)))

    async def quick_match(self, scenario: str = "intro", timeout: float = 30) -> Joined:
        """Queue for a match and return once seated (at once, or when someone arrives)."""
        reply = await self.request(QuickMatch(scenario=scenario, name=self.name))
        if isinstance(reply, Queued):
            reply = await asyncio.wait_for(self._joined.get(), timeout)
        return self._seated(reply)

    async def reconnect(self) -> Joined:
        """Open a new socket and resume the seat, receiving every entry missed since `n`."""
        assert self.code is not None and self.token is not None, "no seat to resume"
        await self.close()
        await self.connect()
        reply = await self.request(Resume(code=self.code, token=self.token, since=self.n))
        return self._seated(reply)

    async def act(self, command: Command) -> Accepted:
        reply = await self.request(Act(command=command))
        assert isinstance(reply, Accepted)
        return reply

    async def chat(self, text: str, team: bool = False) -> Accepted:
        reply = await self.request(Chat(text=text, team=team))
        assert isinstance(reply, Accepted)
        return reply

    async def next_update(self, timeout: float = 10) -> Update:
        """Return the next `update` the server pushed."""
        return await asyncio.wait_for(self._updates.get(), timeout)

    async def wait_for(self, predicate: Any, timeout: float = 10) -> dict[str, Any]:
        """Wait until `predicate(view)` holds; return that view."""
        async with asyncio.timeout(timeout):
            while not predicate(self.view):
                await self.next_update(timeout)
        return self.view

    def _seated(self, reply: ServerMessage) -> Joined:
        assert isinstance(reply, Joined), reply
        self.code, self.seat = reply.code, reply.seat
        self.token = reply.token or self.token
        self.entries.extend(entry for entry in reply.entries if entry.n > self.n)
        self.n, self.view = reply.n, reply.view
        return reply

    async def _read(self) -> None:
        assert self._socket is not None
        async for text in self._socket:
            if self.record:
                self.received.append(str(text))
            try:
                message = SERVER_MESSAGES.validate_json(text)
            except ValidationError as error:
                self.invalid.append(f"{error.errors()[0]['msg']}: {str(text)[:200]}")
                continue
            request_id = getattr(message, "id", None)
            if request_id is not None and request_id in self._pending:
                self._pending[request_id].set_result(message)
            elif isinstance(message, Update):
                self._apply(message)
            elif isinstance(message, Joined):
                await self._joined.put(message)
            elif isinstance(message, Presence):
                self.presence.append(message)
            elif message.type == "resync_required":
                await self._socket.send(Resync(id="resync").model_dump_json())
            elif isinstance(message, Error):
                self.last_error = message

    def _apply(self, update: Update) -> None:
        self.entries.extend(entry for entry in update.entries if entry.n > self.n)
        self.n, self.view = update.n, update.view
        self._updates.put_nowait(update)
