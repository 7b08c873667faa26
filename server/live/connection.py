"""One websocket connection: a bounded send queue drained by its own writer task.

Broadcasting only puts a message on each queue, so a slow browser never stalls its room; a
connection whose queue is full is dropped from the stream and told to resync.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web

from server.engine import Viewer
from server.protocol import Message, ResyncRequired

if TYPE_CHECKING:
    from server.live.metrics import Metrics
    from server.live.rooms import Room

_RESYNC = ResyncRequired().model_dump_json()
SEAT_LOST = 4001
"""The close code of a socket whose seat an instructor gave to someone else."""


@dataclass(slots=True)
class RateLimit:
    """A token bucket: `rate` messages a second on average, bursts of up to `burst`."""

    rate: float
    burst: int
    tokens: float = 0.0
    stamp: float = field(default_factory=time.monotonic)
    refused: int = 0
    window: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)

    def allow(self) -> bool:
        """Return whether one more message may pass; count refusals in 10-second windows."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if now - self.window > 10:
            self.window, self.refused = now, 0
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        self.refused += 1
        return False


class Connection:
    """A client's socket, the seat it holds (if any) and its outgoing queue."""

    def __init__(self, ws: web.WebSocketResponse, limit: int, rate: RateLimit) -> None:
        self.ws = ws
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize=limit)
        self.rate = rate
        self.room: Room | None = None
        self.seat: str | None = None
        self.viewer: Viewer = "spectator"
        self.name = ""
        self.protocol = 1
        """The protocol version the client said hello with (2: an `act` is answered by its
        update)."""
        self.account: str | None = None
        """The instructor signed in on this socket (the page's session cookie), if any."""
        self.ticket: str | None = None
        self.queued: tuple[str, str] | None = None
        self.behind = False
        self.read_presence = 0
        """The room's presence changes told before this connection's seating read who is here
        (Room.presence_told): those after it reach it once it is seated (Hub._tell)."""
        self.dismissed = False
        """The seat held here was given to someone else: the socket is closing."""
        self.metrics: Metrics | None = None
        self._writer: asyncio.Task[None] | None = None
        self._closing: asyncio.Task[None] | None = None

    @property
    def audience(self) -> str:
        """Return who the room's updates are made for: the seat held, or the kind of viewer."""
        return self.seat or self.viewer

    def start(self) -> None:
        self._writer = asyncio.create_task(self._write())

    def send(self, message: Message | str, droppable: bool = False) -> None:
        """Queue a message; if the queue is full, drop it all and ask the client to resync.
        A `droppable` message (an update) is not even queued while the client is behind."""
        text = message if isinstance(message, str) else message.model_dump_json()
        if self.behind and droppable:
            return
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.behind = True
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(_RESYNC)

    def caught_up(self) -> None:
        """The client asked to resync: stream to it again."""
        self.behind = False

    async def _write(self) -> None:
        queue = self.queue
        while True:
            text = await queue.get()
            while True:  # send all that is queued before waiting again (one wake-up, not one each)
                if self.ws.closed:
                    return
                try:
                    await self.ws.send_str(text)
                except (ConnectionError, RuntimeError):
                    return
                if queue.empty():
                    break
                text = queue.get_nowait()

    async def close(self) -> None:
        """Stop the writer after it has sent what is queued (briefly), then close the socket."""
        if self._writer is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._drain(), timeout=1.0)
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        if not self.ws.closed:
            await self.ws.close()

    def unseat(self) -> None:
        self.room, self.seat, self.viewer = None, None, "spectator"

    async def going_away(self) -> None:
        """Tell the client the server is shutting down (it resumes later), and close."""
        await self.ws.close(code=1001, message=b"server shutting down")

    def dismiss(self, reason: str) -> None:
        """The seat held here was given to someone else: close the socket (code 4001) once what
        is queued is sent (the update telling why, among it)."""
        if self.dismissed:
            return
        self.dismissed = True
        self._closing = asyncio.create_task(self._close_after_queue(reason))

    async def _close_after_queue(self, reason: str) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._drain(), timeout=1.0)
        if not self.ws.closed:
            await self.ws.close(code=SEAT_LOST, message=reason.encode())

    async def _drain(self) -> None:
        while not self.queue.empty() and not self.ws.closed:
            await asyncio.sleep(0.01)
