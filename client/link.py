"""The client's socket and the state it keeps (the base of `BrinkClient`, client/connection.py):
open it and say hello, send a request and wait for its reply, close or drop it, and tell the
listeners (`Status` for changes of the connection itself). Every frame read goes to `_receive`
and a lost socket to `_lost`, which client/incoming.py defines."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Self

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidHandshake, InvalidURI, WebSocketException

from client.errors import BrinkConnectionError, ServerError
from server.engine.legal import Options
from server.protocol import (
    PROTOCOL_VERSION,
    Act,
    Entry,
    Error,
    Hello,
    Joined,
    Language,
    Presence,
    Request,
    ServerMessage,
    Update,
    Welcome,
)


@dataclass(frozen=True)
class Status:
    """A change in the connection itself: `lost`, `resumed`, `failed` (could not resume, or the
    seat is gone: `SEAT_LOST_DETAIL`, `SEAT_FREED_DETAIL`), `resync` (the client noticed it was
    behind and asked for the current state), and, with `patience`, `slow` (a request is not
    answered within its timeout: still waited for) and `unavailable` (the server could not save
    a command, its Redis out of reach: sent again, with the same id, until answered)."""

    kind: Literal["lost", "resumed", "failed", "resync", "slow", "unavailable"]
    detail: str = ""
    reread: bool = False
    """`resumed`: the server's log of the room ended before what this client had seen (lost on
    the server, restored from a backup), so the game was read again from its start."""


Notice = ServerMessage | Status
Listener = Callable[[Notice], None]
RESUME_DELAYS = (0.1, 0.3, 0.6, 1.0, 2.0, 3.0, 5.0, 5.0)
PATIENCE = 300.0
"""Seconds a request of `brink play` and `brink bot` waits for its answer in all, a move the
server cannot save sent again meanwhile (`Link.patience`)."""
SEAT_LOST = 4001
"""The close code of a socket whose seat an instructor gave to someone else (the server's
server/live/connection.py): its token holds no seat any more, so it is not resumed."""
SEAT_LOST_DETAIL = "seat_lost: the instructor gave this seat to another player"
"""The `failed` status's detail when the server closed the socket with SEAT_LOST."""
SEAT_FREED_DETAIL = (
    "seat_freed: this seat was given up elsewhere (its student moved to another seat or room, or"
    " taken out of the class, by the instructor; or another connection of the seat left it)"
)
"""The `failed` status's detail when the server told this connection its own seat `left`
(client/incoming.py): the socket is out of the room and its token holds no seat any more."""


class Link(ABC):
    """One connection to a server: its socket, its pending requests and what it keeps."""

    def __init__(
        self,
        url: str,
        name: str = "player",
        record: bool = False,
        auto_resume: bool = False,
        fallbacks: tuple[str, ...] = (),
        headers: dict[str, str] | None = None,
        room: str | None = None,
    ) -> None:
        self.url = url
        self.room = room
        """The room this client is about to join, named by its first socket so that a server
        with several workers serves it on that room's worker (`steered`); later sockets name
        the room it is in."""
        self.headers = headers or {}
        """Extra handshake headers: `Cookie` with an instructor's sign-in (docs/classroom.md)."""
        self.urls = (url, *fallbacks)
        """Where to resume after a lost connection, in turn: the server, then other servers
        of the same deployment (another process on the same Redis)."""
        self.name = name
        self.record = record
        self.auto_resume = auto_resume
        self.resume_delays: tuple[float, ...] = RESUME_DELAYS
        """Seconds to wait before each attempt to resume a lost connection."""
        self.received: list[str] = []
        """Every text frame received, when `record` is set (tests read what was sent)."""
        self.code: str | None = None
        self.seat: str | None = None
        self.role: str | None = None
        self.token: str | None = None
        self.scenario: str | None = None
        self.language: Language = "en"
        self.n = 0
        self.view: dict[str, Any] = {}
        self.options: dict[str, Options] | None = None
        """What each seat of your side may do now (only while the game waits for it)."""
        self.seats: dict[str, str | None] = {}
        self.given: dict[str, str] = {}
        """Seats an instructor gave on whose new holder (seat -> name) has not sat down yet:
        `joined.given`, then the `reassigned` notices and the seats' presence."""
        self.deadline: int | None = None
        self.entries: list[Entry] = []
        self.presence: list[Presence] = []
        self.welcome: Welcome | None = None
        self.listeners: list[Listener] = []
        self.resyncs = 0
        """How many times this client asked for a resync (after `resync_required` or a gap)."""
        self.restarts = 0
        """How many times a resume found the room's log shorter than what this client had seen
        (`bad_since`: the server's Redis lost commits, or was restored from an older backup)
        and read the seat's state again from the log's start."""
        self.discard_updates = 0
        """Tests: throw away this many incoming updates, as if they had been lost."""
        self.invalid: list[str] = []
        self.last_error: Error | None = None
        self._socket: ClientConnection | None = None
        self._left_behind: ClientConnection | None = None
        """A socket being left for one on the room's worker (client/moving.py): what it still
        brings, the new one brings too."""
        self._reader: asyncio.Task[None] | None = None
        self._recovery: asyncio.Task[None] | None = None
        self.acknowledged: dict[str, int] = {}
        """Command id -> log position, for every command and chat line the server accepted."""
        self._generation = 0
        """Counts resumed connections (a command lost with one is sent again on the next)."""
        self._recovering = -1
        """The generation the running (or last) automatic resume replaces."""
        self._pending: dict[str, asyncio.Future[ServerMessage]] = {}
        self._acts: dict[str, asyncio.Future[ServerMessage]] = {}
        """The pending requests that are `act`s (their answer may be an update)."""
        self._updates: asyncio.Queue[Update] = asyncio.Queue()
        self._joined: asyncio.Queue[Joined] = asyncio.Queue()
        self._ids = itertools.count(1)
        self._closing = False
        self._resyncing = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._gone = asyncio.Event()
        """Set when the connection is lost for good (no automatic resume, or it gave up):
        `next_update` raises at once instead of waiting out its timeout."""
        self._gone_why = ""
        self._slow_told = False
        """A `slow` status was told for the request (or command) under way: not again."""
        self._again = False
        """A command is being sent again (client/connection.py `_once`): its `slow` is told."""
        self.seat_lost = False
        """The server closed the socket because an instructor gave its seat to someone else
        (SEAT_LOST): it is not resumed."""
        self.seat_freed = False
        """The seat this connection held was given up elsewhere (the seat's `left` presence:
        a class's student moved or removed by the instructor, or another connection of the
        seat left it): the connection is out of the room, its token good for nothing."""
        self.patience = 0.0
        """Seconds a request may wait in all, past its `timeout`, while the socket lives (the
        server answers a command it cannot save, its Redis out of reach, after its own waits,
        longer than 10 s): a request not answered within its timeout is said `slow` (a
        `Status`, once) and waited for on; an `act` or `chat` the server could not save
        (`unavailable`) is said so (`Status("unavailable")`, once) and sent again, with the same
        `cid`, until answered. 0 (the default): the request raises TimeoutError, and
        ServerError for `unavailable`. `brink play` and `brink bot` wait 300 s."""

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # ------------------------------------------------------------ the connection

    async def connect(self, timeout: float = 10) -> Welcome:
        """Open the socket and say hello; return the server's welcome.

        Raises BrinkConnectionError (naming the URL) when the server cannot be reached."""
        self._closing = False
        try:
            self._socket = await asyncio.wait_for(
                websockets.connect(
                    steered(self.url, self.code or self.room),
                    max_size=2**22,
                    open_timeout=timeout,
                    additional_headers=self.headers,
                ),
                timeout,
            )
        except InvalidURI:
            raise BrinkConnectionError(self.url, "not a ws:// or wss:// URL") from None
        except (ValueError, OverflowError) as error:  # a port past 65535, a malformed host
            raise BrinkConnectionError(self.url, f"not a usable address ({error})") from None
        except InvalidHandshake as error:
            status = getattr(getattr(error, "response", None), "status_code", None)
            if status == 429:  # the server's limit of open sockets per address
                reason = "too many connections from this address: close some and try again"
                raise BrinkConnectionError(self.url, reason) from None
            raise BrinkConnectionError(self.url, f"not a Brinkmanship server ({error})") from None
        except (OSError, TimeoutError, WebSocketException) as error:
            if isinstance(error, TimeoutError):
                reason = f"no answer within {timeout:g} s"
            elif isinstance(error, ConnectionRefusedError) or "Connect call failed" in str(error):
                reason = "connection refused: is the server running?"
            elif isinstance(error, OSError) and error.strerror:
                reason = error.strerror
            else:
                reason = str(error) or type(error).__name__
            raise BrinkConnectionError(self.url, f"cannot connect ({reason})") from None
        self._gone.clear()
        self._reader = asyncio.create_task(self._read(self._socket))
        reply = await self.request(Hello(protocol_version=PROTOCOL_VERSION, client="brink-python"))
        assert isinstance(reply, Welcome)
        self.welcome = reply
        return reply

    async def close(self) -> None:
        """Close the connection (no automatic resume after this)."""
        self._closing = True
        if self._recovery is not None and self._recovery is not asyncio.current_task():
            self._recovery.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._recovery
        await self._shut()
        self._given_up("connection closed")  # whoever waits for an update hears it at once

    async def _shut(self) -> None:
        if self._socket is not None:
            with contextlib.suppress(Exception):
                await self._socket.close()
        if self._reader is not None and self._reader is not asyncio.current_task():
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._fail_pending("connection closed")

    async def _let_go(self) -> None:
        """Close the socket without counting it lost (no automatic resume for it)."""
        socket, self._socket = self._socket, None
        if socket is not None:
            with contextlib.suppress(Exception):
                await socket.close()

    async def drop(self) -> None:
        """Close the socket abruptly (as a lost connection would), keeping the seat token.

        The client stops reading: nothing is resumed until you call `reconnect()`."""
        self._closing = True
        if self._socket is not None:
            self._socket.transport.abort()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._fail_pending("connection dropped")

    def break_connection(self) -> None:
        """Abort the socket as a network failure would: with `auto_resume` the client comes
        back by itself (tests use this; see also `drop`)."""
        if self._socket is not None:
            self._socket.transport.abort()

    async def request(self, message: Request, timeout: float = 10) -> ServerMessage:
        """Send `message` and return the reply to it; raise ServerError if refused."""
        if self._socket is None:
            raise BrinkConnectionError(self.url, "not connected")
        request_id = str(next(self._ids))
        if not self._again:
            self._slow_told = False
        message = message.model_copy(update={"id": request_id})
        future: asyncio.Future[ServerMessage] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        if isinstance(message, Act):
            self._acts[request_id] = future
        try:
            await self._socket.send(message.model_dump_json())
            reply = await self._answer(future, timeout)
        except websockets.ConnectionClosed:
            raise BrinkConnectionError(self.url, "connection lost") from None
        finally:
            self._pending.pop(request_id, None)
            self._acts.pop(request_id, None)
        if isinstance(reply, Error):
            raise ServerError(reply)
        return reply

    async def _answer(self, future: asyncio.Future[ServerMessage], timeout: float) -> ServerMessage:
        """The reply `future` brings, within `timeout` seconds; with `patience`, past that too
        (said `slow` once), up to `patience` seconds in all: then BrinkConnectionError. A lost
        socket ends the wait at once (its pending requests fail)."""
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            if self.patience <= timeout:
                future.cancel()
                raise
        if not self._slow_told:
            self._slow_told = True
            self._notify(Status("slow", f"no answer within {timeout:g} s: still waiting"))
        try:
            return await asyncio.wait_for(future, self.patience - timeout)
        except TimeoutError:
            said = f"no answer within {self.patience:g} s"
            raise BrinkConnectionError(self.url, said) from None

    async def send_raw(self, text: str) -> None:
        """Send text as it is (for tests of what the server does with bad input)."""
        assert self._socket is not None
        await self._socket.send(text)

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for text in socket:
                if socket is not self._left_behind:
                    self._receive(str(text))
        except websockets.ConnectionClosed:
            pass
        finally:
            if socket is self._socket:
                self._fail_pending("connection lost")
                self.seat_lost = socket.close_code == SEAT_LOST
                if not self._closing:
                    self._lost()

    @abstractmethod
    def _receive(self, text: str) -> None:
        """Take in one text frame from the server (client/incoming.py)."""

    @abstractmethod
    def _lost(self) -> None:
        """The socket was lost, not closed by us (client/incoming.py)."""

    @property
    def gone(self) -> str | None:
        """Why the connection is lost for good (nothing will bring it back), or None."""
        return self._gone_why if self._gone.is_set() else None

    def _fail_pending(self, why: str) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_exception(BrinkConnectionError(self.url, why))

    def _given_up(self, why: str) -> None:
        """The connection is lost and nothing will bring it back: wake whoever waits."""
        self._gone_why = why
        self._gone.set()

    def _notify(self, notice: Notice) -> None:
        for listener in list(self.listeners):
            listener(notice)

    def _background(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def steered(url: str, code: str | None) -> str:
    """`url` naming room `code` (`?room=CODE`), for a client that has one (it resumes): a server
    with several workers hands the connection to the one that holds the room
    (server/web/steer.py). A URL that names a room already is kept as it is."""
    if code is None or "room=" in url:
        return url
    return f"{url}{'&' if '?' in url else '?'}room={code}"
