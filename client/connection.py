"""An asyncio client for the Brinkmanship server, on `websockets`, typed with the shared protocol.

    async with BrinkClient("ws://localhost:8080/ws", auto_resume=True) as client:
        created = await client.create_room("intro")
        await client.join(created.code, "washington", name="Ada")
        await client.act(PlayCards(cards=["us_tariff_34"]))
        update = await client.next_update()

What it keeps for you: the seat token and the last log position `n`, the latest `view`, the
`options` of your seat (what you may do now, and why not), the seats and the `deadline`.

- **Resume.** `reconnect()` opens a new socket and resumes the seat with its token and
  `since=n`, receiving what was missed. With `auto_resume=True` a connection that is lost (not
  closed by you) is resumed by itself, with backoff; listeners hear `Status("lost")` and then
  `Status("resumed")` (or `Status("failed")`).
- **Resync.** On `resync_required`, and when an update shows log positions this client never
  received (a lost update), it sends `resync` and replaces its view (`resyncs` counts them).
- **Errors.** A refused request raises `ServerError` (`.code` is the server's stable code); a
  server that cannot be reached, or a connection lost while waiting for a reply, raises
  `BrinkConnectionError`, whose message names the URL.

`listeners` are called with every message after the client has applied it (and with `Status`
notices), for user interfaces that redraw on change.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

import websockets
from pydantic import ValidationError
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidHandshake, InvalidURI, WebSocketException

from server.engine.commands import Command
from server.engine.legal import Options
from server.protocol import (
    PROTOCOL_VERSION,
    SERVER_MESSAGES,
    Accepted,
    Act,
    Chat,
    Control,
    Controlled,
    CreateRoom,
    Entry,
    Error,
    Hello,
    Join,
    Joined,
    Language,
    Leave,
    Left,
    PlayBot,
    Presence,
    Queued,
    QuickMatch,
    Request,
    Resume,
    Resync,
    ResyncRequired,
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


class BrinkConnectionError(Exception):
    """The server at `url` could not be reached, or the connection to it was lost."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class Status:
    """A change in the connection itself: `lost`, `resumed`, `failed` (could not resume) or
    `resync` (the client noticed it was behind and asked for the current state)."""

    kind: Literal["lost", "resumed", "failed", "resync"]
    detail: str = ""


Notice = ServerMessage | Status
Listener = Callable[[Notice], None]
RESUME_DELAYS = (0.1, 0.3, 0.6, 1.0, 2.0, 3.0, 5.0, 5.0)
"""Seconds to wait before each attempt to resume a lost connection (`auto_resume`)."""


class BrinkClient:
    """One connection to a server, and the seat it holds."""

    def __init__(
        self,
        url: str,
        name: str = "player",
        record: bool = False,
        auto_resume: bool = False,
        fallbacks: tuple[str, ...] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        self.url = url
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
        self.deadline: int | None = None
        self.entries: list[Entry] = []
        self.presence: list[Presence] = []
        self.welcome: Welcome | None = None
        self.listeners: list[Listener] = []
        self.resyncs = 0
        """How many times this client asked for a resync (after `resync_required` or a gap)."""
        self.discard_updates = 0
        """Tests: throw away this many incoming updates, as if they had been lost."""
        self.invalid: list[str] = []
        self.last_error: Error | None = None
        self._socket: ClientConnection | None = None
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

    # ------------------------------------------------------------ the connection

    async def connect(self, timeout: float = 10) -> Welcome:
        """Open the socket and say hello; return the server's welcome.

        Raises BrinkConnectionError (naming the URL) when the server cannot be reached."""
        self._closing = False
        try:
            self._socket = await asyncio.wait_for(
                websockets.connect(
                    self.url,
                    max_size=2**22,
                    open_timeout=timeout,
                    additional_headers=self.headers,
                ),
                timeout,
            )
        except InvalidURI:
            raise BrinkConnectionError(self.url, "not a ws:// or wss:// URL") from None
        except InvalidHandshake as error:
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

    async def _shut(self) -> None:
        if self._socket is not None:
            with contextlib.suppress(Exception):
                await self._socket.close()
        if self._reader is not None and self._reader is not asyncio.current_task():
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._fail_pending("connection closed")

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
        message = message.model_copy(update={"id": request_id})
        future: asyncio.Future[ServerMessage] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        if isinstance(message, Act):
            self._acts[request_id] = future
        try:
            await self._socket.send(message.model_dump_json())
            reply = await asyncio.wait_for(future, timeout)
        except websockets.ConnectionClosed:
            raise BrinkConnectionError(self.url, "connection lost") from None
        finally:
            self._pending.pop(request_id, None)
            self._acts.pop(request_id, None)
        if isinstance(reply, Error):
            raise ServerError(reply)
        return reply

    async def send_raw(self, text: str) -> None:
        """Send text as it is (for tests of what the server does with bad input)."""
        assert self._socket is not None
        await self._socket.send(text)

    # ------------------------------------------------------------ requests

    async def create_room(self, scenario: str, **options: Any) -> RoomCreated:
        reply = await self.request(CreateRoom(scenario=scenario, **options))
        assert isinstance(reply, RoomCreated)
        return reply

    async def join(self, code: str, seat: str | None = None, **options: Any) -> Joined:
        """Take `seat` in room `code` (no seat: watch; `instructor_key=`: the instructor)."""
        options.setdefault("name", self.name)
        return self._joined_reply(await self.request(Join(code=code, seat=seat, **options)))

    async def play_bot(self, **options: Any) -> Joined:
        """Create a room against a server bot and sit down (`side`, `bot`, `scenario`...)."""
        options.setdefault("name", self.name)
        return self._joined_reply(await self.request(PlayBot(**options)))

    async def quick_match(
        self, scenario: str = "intro", timeout: float = 30, language: Language = "en"
    ) -> Joined:
        """Queue for a match and return once seated (at once, or when someone arrives)."""
        message = QuickMatch(scenario=scenario, name=self.name, language=language)
        reply = await self.request(message)
        if isinstance(reply, Queued):
            reply = await asyncio.wait_for(self._joined.get(), timeout)
        return self._joined_reply(reply)

    async def resume(self, code: str, token: str, since: int = 0) -> Joined:
        """Take back a seat with its token; `since` is the last position you saw."""
        reply = await self.request(Resume(code=code, token=token, since=since))
        return self._joined_reply(reply)

    async def reconnect(self) -> Joined:
        """Open a new socket and resume the seat, receiving every entry missed since `n`."""
        assert self.code is not None and self.token is not None, "no seat to resume"
        await self.close()
        await self.connect()
        return await self.resume(self.code, self.token, self.n)

    async def leave(self) -> Left:
        """Leave the room: a player's seat is given up (free for someone else) while the game
        goes on; the connection may join another room."""
        reply = await self.request(Leave())
        assert isinstance(reply, Left)
        self.code = self.seat = self.role = self.token = None
        self.n, self.entries, self.options = 0, [], None
        return reply

    async def resync(self) -> Update:
        """Ask for the current view again (the entries in between are not sent)."""
        self.resyncs += 1
        reply = await self.request(Resync())
        assert isinstance(reply, Update)
        return reply

    async def act(self, command: Command) -> Accepted:
        """Send a game command for your seat; raise ServerError if the engine refuses it.

        The command carries an id of its own: if the connection is lost before the reply (with
        `auto_resume`), it is sent again once the seat is resumed, and the server applies it at
        most once (`Accepted.duplicate` says it had been applied already)."""
        return await self._once(Act(command=command, cid=secrets.token_hex(8)))

    async def chat(self, text: str, team: bool = False) -> Accepted:
        """Say something (to your side only with `team`); sent at most once, like `act`."""
        return await self._once(Chat(text=text, team=team, cid=secrets.token_hex(8)))

    async def control(
        self, action: str, room: str | None = None, class_: str | None = None, **params: Any
    ) -> Controlled:
        """An instructor's control of `room`, or of every room of class `class_` (the connection
        must be signed in: `headers` with the sign-in's `Cookie`); raise ServerError if refused.
        E.g. `control("pause", room)`, `control("broadcast", room, text="Two minutes")`."""
        message = Control.model_validate(
            {"action": action, "room": room, "class": class_, **params}
        )
        reply = await self.request(message)
        assert isinstance(reply, Controlled), reply
        return reply

    async def _once(self, message: Act | Chat) -> Accepted:
        for _ in range(len(self.resume_delays) + 1):
            generation = self._generation
            try:
                reply = await self.request(message)
            except BrinkConnectionError:
                if not self.auto_resume or self._closing or not await self._resumed(generation):
                    raise
                continue
            if isinstance(reply, Update):  # protocol 2: the update it made answers an act
                reply = Accepted(id=reply.id, n=reply.n)
            assert isinstance(reply, Accepted)
            if message.cid is not None:
                self.acknowledged[message.cid] = reply.n
            return reply
        raise BrinkConnectionError(self.url, "lost the connection again and again")

    async def _resumed(self, generation: int, timeout: float = 60) -> bool:
        """Wait until the connection of `generation` has been replaced by a resumed one;
        return False if the automatic resume gave up."""
        async with asyncio.timeout(timeout):
            while self._generation == generation:
                recovery = self._recovery
                gave_up = recovery is not None and recovery.done()
                if self._closing or (gave_up and self._recovering == generation):
                    return False
                await asyncio.sleep(0.02)
        return True

    async def next_update(self, timeout: float = 10) -> Update:
        """Return the next `update` the server pushed."""
        return await asyncio.wait_for(self._updates.get(), timeout)

    async def wait_for(self, predicate: Any, timeout: float = 10) -> dict[str, Any]:
        """Wait until `predicate(view)` holds; return that view."""
        async with asyncio.timeout(timeout):
            while not predicate(self.view):
                await self.next_update(timeout)
        return self.view

    # ------------------------------------------------------------ what the seat may do

    @property
    def side(self) -> str | None:
        """The side of your seat (`washington` for `washington:treasury`), if you hold one."""
        if self.seat is None or self.role != "player":
            return None
        return self.seat.split(":", 1)[0]

    @property
    def my_options(self) -> Options | None:
        """What your seat may do now; None when the game is not waiting for you."""
        if self.options is None or self.seat is None:
            return None
        return self.options.get(self.seat)

    @property
    def finished(self) -> bool:
        return bool(self.view) and self.view.get("outcome") is not None

    # ------------------------------------------------------------ incoming

    def _joined_reply(self, reply: ServerMessage) -> Joined:
        assert isinstance(reply, Joined), reply
        return reply

    def _seat(self, joined: Joined) -> None:
        self.code, self.seat, self.role = joined.code, joined.seat, joined.role
        self.token = joined.token or self.token
        self.scenario, self.language = joined.scenario, joined.language
        self.entries.extend(entry for entry in joined.entries if entry.n > self.n)
        self.n, self.view = joined.n, joined.view
        self.options, self.seats, self.deadline = (
            joined.options,
            dict(joined.seats),
            joined.deadline,
        )

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for text in socket:
                self._receive(str(text))
        except websockets.ConnectionClosed:
            pass
        finally:
            if socket is self._socket:
                self._fail_pending("connection lost")
                if not self._closing:
                    self._lost()

    def _receive(self, text: str) -> None:
        if self.record:
            self.received.append(text)
        try:
            message = SERVER_MESSAGES.validate_json(text)
        except ValidationError as error:
            self.invalid.append(f"{error.errors()[0]['msg']}: {text[:200]}")
            return
        request_id = getattr(message, "id", None)
        waiting = self._pending.get(request_id) if request_id is not None else None
        if isinstance(message, Joined):
            self._seat(message)
            if waiting is None:
                self._joined.put_nowait(message)
        elif isinstance(message, Update):
            # Protocol 2 answers an act with the update it made: pushed like any other.
            pushed = waiting is None or self._acts.get(request_id or "") is not None
            if waiting is None and self.discard_updates > 0:
                self.discard_updates -= 1
                return
            self._apply(message, pushed=pushed)
        elif isinstance(message, Presence):
            self.presence.append(message)
            self._presence(message)
        elif isinstance(message, ResyncRequired):
            self._start_resync("the server says this connection fell behind")
        elif isinstance(message, Error) and waiting is None:
            self.last_error = message
        if waiting is not None and not waiting.done():
            waiting.set_result(message)
        self._notify(message)

    def _apply(self, update: Update, pushed: bool) -> None:
        missed = pushed and self._missed(update)
        if update.n < self.n:
            return  # older than what we have (a resync's answer overtook it)
        self.entries.extend(entry for entry in update.entries if entry.n > self.n)
        self.n, self.view = update.n, update.view
        self.options, self.deadline = update.options, update.deadline
        if pushed:
            self._updates.put_nowait(update)
        if missed:
            self._start_resync(f"log positions missing before {update.n}")

    def _missed(self, update: Update) -> bool:
        """Whether log positions between our `n` and this update were never received.

        One change is one log position for a chat line or a notice, or one for the command plus
        one per event (hidden events included: the view's `seq` counts them), after an
        instructor's notice (always shown) for a control that changes the game. More positions
        than that mean an update was lost (or a team chat line of the other side went by
        unseen)."""
        if not self.view or "seq" not in self.view or "seq" not in update.view:
            return False
        events = int(update.view["seq"]) - int(self.view["seq"])
        notices = sum(1 for entry in update.entries if entry.notice is not None)
        return update.n - self.n > events + max(1, notices + (1 if events else 0))

    def _presence(self, message: Presence) -> None:
        if message.status == "joined" or message.seat not in self.seats:
            self.seats[message.seat] = message.name

    def _start_resync(self, why: str) -> None:
        if self._resyncing or self._socket is None:
            return
        self._resyncing = True
        self._notify(Status("resync", why))

        async def resync() -> None:
            try:
                with contextlib.suppress(ServerError, BrinkConnectionError, TimeoutError):
                    await self.resync()
            finally:
                self._resyncing = False

        self._background(resync())

    def _lost(self) -> None:
        if not (self.auto_resume and self.code and self.token):
            self._notify(Status("lost", "connection closed"))
            return
        self._notify(Status("lost", "reconnecting…"))
        self._recovering = self._generation
        self._recovery = asyncio.get_running_loop().create_task(self._recover())

    async def _recover(self) -> None:
        assert self.code is not None and self.token is not None
        problem = "gave up"
        for attempt, delay in enumerate(self.resume_delays):
            await asyncio.sleep(delay)
            if self._closing:
                return
            self.url = self.urls[attempt % len(self.urls)]
            try:
                await self.connect()
                await self.resume(self.code, self.token, self.n)
            except BrinkConnectionError as error:
                problem = error.reason
                continue
            except ServerError as error:
                self._notify(Status("failed", str(error)))
                return
            self._generation += 1
            self._notify(Status("resumed", f"back at {self.n}"))
            return
        self._notify(Status("failed", problem))

    def _fail_pending(self, why: str) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_exception(BrinkConnectionError(self.url, why))

    def _notify(self, notice: Notice) -> None:
        for listener in list(self.listeners):
            listener(notice)

    def _background(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
