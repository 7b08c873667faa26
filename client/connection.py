"""An asyncio client for the Brinkmanship server, on `websockets`, typed with the shared protocol.

    async with BrinkClient("ws://localhost:8080/ws", auto_resume=True) as client:
        await client.play_bot(bot="dove", side="washington", name="Ada")  # or create_room + join
        await client.act(PlayCards(cards=["us_tariff_34"]))  # a room's game starts once both sit
        update = await client.next_update()

What it keeps for you: the seat token and the last log position `n`, the latest `view`, the
`options` of your seat (what you may do now, and why not), the seats and the `deadline`.

- **Resume.** `reconnect()` opens a new socket and resumes the seat with its token and
  `since=n`, receiving what was missed. With `auto_resume=True` a connection that is lost (not
  closed by you) is resumed by itself, with backoff; listeners hear `Status("lost")` and then
  `Status("resumed")` (or `Status("failed")`). If the room's log now ends before `n`
  (`bad_since`: the server's Redis went back), both resume once more from 0 and rebuild the
  state from the whole log (`restarts` counts it). A spectator has no token: it joins the room
  again (and is sent its whole history; the entries it had are kept).
- **Its room's worker.** Under `brink serve --workers N`, a `joined` that says `elsewhere` (the
  room lives on another worker) makes the client move there by itself before the request
  returns, keeping the seat (client/moving.py); `follow_room = False` stays.
- **Resync.** On `resync_required`, and when an update shows log positions this client never
  received (a lost update), it sends `resync` and replaces its view (`resyncs` counts them).
- **Errors.** A refused request raises `ServerError` (`.code` is the server's stable code); a
  server that cannot be reached, or a connection lost while waiting for a reply, raises
  `BrinkConnectionError`, whose message names the URL.

`listeners` are called with every message after the client has applied it (and with `Status`
notices), for user interfaces that redraw on change.

The client is built in layers, each a module: `client/link.py` (`Link`: the socket, requests and
their replies, `Status`), `client/incoming.py` (`Incoming`: what the server's messages do to the
seat's state, resync and resume), `client/moving.py` (`Moving`: following the room to its
worker) and this one (`BrinkClient`: the requests, what the seat may
do); `client/errors.py` holds the errors. Everything is imported from here.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
from collections.abc import Callable
from typing import Any

from client.errors import BrinkConnectionError, RematchDeclined, ServerError
from client.link import RESUME_DELAYS, Listener, Notice, Status
from client.moving import Moving
from server.engine.commands import Command
from server.engine.legal import Options
from server.protocol import (
    Accepted,
    Act,
    Chat,
    Control,
    Controlled,
    CreateRoom,
    DeclineRematch,
    Join,
    Joined,
    JoinRematch,
    Language,
    Leave,
    Left,
    PlayBot,
    Queued,
    QuickMatch,
    Rematch,
    Resume,
    Resync,
    RoomCreated,
    Update,
)
from server.protocol import Notice as LogNotice

__all__ = [
    "RESUME_DELAYS",
    "BrinkClient",
    "BrinkConnectionError",
    "Listener",
    "Notice",
    "RematchDeclined",
    "ServerError",
    "Status",
]


QUEUE_AGAIN_AFTER = 6.0
"""Seconds after a connection lost while queued before queueing again without naming the lost
ticket (its `queued` never came): a ticket whose server process died stays in the queue until
that process has been silent for 5 s (docs/redis/08-quick-match.md), and a client queueing again
sooner could be matched with its own. A named ticket (`replaces`) leaves the queue first."""


UNAVAILABLE_PAUSE_MAX = 4.0
"""Seconds at most between sendings of a command the server could not save (`unavailable`):
0.5 s, then twice as long each time up to this, as the web page does (client/web/moves.js)."""


class BrinkClient(Moving):
    """One connection to a server, and the seat it holds."""

    # ------------------------------------------------------------ requests

    async def create_room(self, scenario: str, **options: Any) -> RoomCreated:
        reply = await self.request(CreateRoom(scenario=scenario, **options))
        assert isinstance(reply, RoomCreated)
        return reply

    async def join(self, code: str, seat: str | None = None, **options: Any) -> Joined:
        """Take `seat` in room `code` (no seat: watch; `instructor_key=`: the instructor)."""
        options.setdefault("name", self.name)
        return await self._seated(await self.request(Join(code=code, seat=seat, **options)))

    async def play_bot(self, **options: Any) -> Joined:
        """Create a room against a server bot and sit down (`side`, `bot`, `scenario`...)."""
        options.setdefault("name", self.name)
        return await self._seated(await self.request(PlayBot(**options)))

    async def quick_match(
        self,
        scenario: str = "intro",
        timeout: float = 30,
        language: Language = "en",
        replaces: str | None = None,
        on_queued: Callable[[], None] | None = None,
    ) -> Joined:
        """Queue for a match and return once seated (at once, or when someone arrives).
        `on_queued` is called once the server has queued it (the scenario known, nobody
        waiting yet): a player may be told it waits then, not before a refusal.

        A connection lost while queued (or before the server answered) leaves the queue (so
        does a server process that dies): with `auto_resume` the client connects again, as a
        resume would, and queues again naming the lost queueing's ticket (`replaces`: out of
        the queue, or its match taken over) — at once, or, lost before `queued` told the
        ticket, QUEUE_AGAIN_AFTER seconds after the loss; otherwise it raises
        BrinkConnectionError. `replaces`: the ticket (`queued.ticket`) of a
        queueing on a connection this player has lost, which the server may not know lost."""
        message = QuickMatch(
            scenario=scenario, name=self.name, language=language, replaces=replaces
        )
        async with asyncio.timeout(timeout):
            while True:
                try:
                    reply = await self.request(message)
                except BrinkConnectionError:  # lost before its answer: perhaps never queued
                    if not self.auto_resume or self._closing:
                        raise
                    await self._queue_again(blind=True)
                    continue
                if not isinstance(reply, Queued):
                    return await self._seated(reply)
                if on_queued is not None:
                    on_queued()
                    on_queued = None  # queued again after a loss: not told twice
                if reply.ticket is not None:  # queued again after a loss, it replaces this one
                    message = message.model_copy(update={"replaces": reply.ticket})
                reader = self._reader
                assert reader is not None
                seated = asyncio.ensure_future(self._joined.get())
                await asyncio.wait({seated, reader}, return_when=asyncio.FIRST_COMPLETED)
                if seated.done():
                    return await self._seated(seated.result())
                seated.cancel()
                # The ticket named: the server takes it out of the queue before queueing again.
                await self._queue_again(blind=reply.ticket is None)

    async def _queue_again(self, blind: bool) -> None:
        """The connection was lost while queued: connect again (after each of the resume
        delays in turn), or raise BrinkConnectionError. `blind`: the ticket queued may be
        unknown (lost before `queued`, or a server that does not say it), so the next
        queueing cannot name it: it waits until QUEUE_AGAIN_AFTER after the loss."""
        lost = "connection lost while waiting for an opponent"
        if not self.auto_resume or self._closing:
            raise BrinkConnectionError(self.url, lost)
        loop = asyncio.get_running_loop()
        since = loop.time()
        for attempt, delay in enumerate(self.resume_delays):
            await asyncio.sleep(delay)
            self.url = self.urls[attempt % len(self.urls)]
            with contextlib.suppress(BrinkConnectionError):
                await self.connect()
                if blind:
                    await asyncio.sleep(since + QUEUE_AGAIN_AFTER - loop.time())
                self._notify(Status("resumed", "queueing again"))
                return
        raise BrinkConnectionError(self.url, lost)

    async def resume(self, code: str, token: str, since: int = 0) -> Joined:
        """Take back a seat with its token; `since` is the last position you saw."""
        reply = await self.request(Resume(code=code, token=token, since=since))
        return await self._seated(reply)

    async def reconnect(self) -> Joined:
        """Open a new socket and resume the seat, receiving every entry missed since `n` (from
        0 again if the room's log now ends before `n`: `restarts` counts those); a spectator
        joins the room again."""
        watching = self.role == "spectator"
        assert self.code is not None and (self.token or watching), "no seat to resume"
        await self.close()
        await self.connect()
        joined, _ = await self._take_back()
        return joined

    async def leave(self) -> Left:
        """Leave the room: a player's seat is given up (free for someone else) while the game
        goes on; the connection may join another room."""
        reply = await self.request(Leave())
        assert isinstance(reply, Left)
        self.code = self.seat = self.role = self.token = None
        self.n, self.entries, self.options = 0, [], None
        return reply

    async def rematch(self, swap: bool = False) -> Accepted:
        """After the game, offer a rematch (the same scenario and settings in a new room; `swap`:
        the sides exchanged) or accept the other side's offer of the same; against a bot it is
        made at once. Then `join_rematch()` (docs/protocol/25-rematch.md)."""
        reply = await self.request(Rematch(swap=swap))
        assert isinstance(reply, Accepted), reply
        return reply

    @property
    def rematch_room(self) -> str | None:
        """The code of the rematch made of this room (its log's `rematch` notice), if any."""
        for entry in self.entries:
            if entry.notice is not None and entry.notice.kind == "rematch":
                return entry.notice.room
        return None

    async def decline_rematch(self) -> Accepted:
        """Decline the rematch the other side offered: every offer standing is withdrawn (a
        `rematch_declined` notice, which the other side sees); either side may offer again."""
        reply = await self.request(DeclineRematch())
        assert isinstance(reply, Accepted), reply
        return reply

    @property
    def rematch_declined(self) -> LogNotice | None:
        """The `rematch_declined` notice of this room's log (`name`, `seat`: who declined) if
        no offer was made after it, else None."""
        found = None
        for entry in self.entries:
            kind = entry.notice.kind if entry.notice is not None else None
            if kind == "rematch_declined":
                found = entry.notice
            elif kind == "rematch_offered":
                found = None
        return found

    async def join_rematch(self, timeout: float = 60) -> Joined:
        """Wait until the rematch of this room is made (by either side: `rematch()`), then take
        your seat in its new room, with a new token; return the `joined`. Raise
        `RematchDeclined` if the other side declines it meanwhile."""
        async with asyncio.timeout(timeout):
            while self.rematch_room is None:
                declined = self.rematch_declined
                if declined is not None and (declined.seat or "").split(":")[0] != self.side:
                    raise RematchDeclined(declined)
                await self.next_update(timeout)
        assert self.code is not None and self.token is not None, "no seat to play again from"
        message = JoinRematch(code=self.code, token=self.token)
        return await self._seated(await self.request(message))

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
        """Send `message` until it is answered: again after a lost connection once the seat is
        resumed, and (with `patience`) after `unavailable` (the server could not save it: its
        Redis out of reach), after a pause, for up to `patience` seconds; the same `cid`
        every time, so it is applied once."""
        losses = 0
        unavailable_told = False
        since = asyncio.get_running_loop().time()
        try:
            for tries in itertools.count():
                generation = self._generation
                self._again = tries > 0
                try:
                    reply = await self.request(message)
                except BrinkConnectionError:
                    losses += 1
                    waited = asyncio.get_running_loop().time() - since
                    if self.patience and waited >= self.patience:  # no answer for so long: done
                        raise
                    if losses > len(self.resume_delays):
                        raise BrinkConnectionError(
                            self.url, "lost the connection again and again"
                        ) from None
                    if not self.auto_resume or self._closing or not await self._resumed(generation):
                        raise
                    continue
                except ServerError as error:
                    waited = asyncio.get_running_loop().time() - since
                    if error.code != "unavailable" or self._closing or waited >= self.patience:
                        raise
                    if not unavailable_told:
                        unavailable_told = True
                        self._notify(Status("unavailable", f"{error.message}; retrying"))
                    await asyncio.sleep(min(UNAVAILABLE_PAUSE_MAX, 0.5 * 2**tries))
                    continue
                if isinstance(reply, Update):  # protocol 2: the update it made answers an act
                    reply = Accepted(id=reply.id, n=reply.n)
                assert isinstance(reply, Accepted)
                if message.cid is not None:
                    self.acknowledged[message.cid] = reply.n
                return reply
        finally:
            self._again = False
        raise AssertionError("unreachable")  # pragma: no cover

    async def _resumed(self, generation: int, timeout: float = 60) -> bool:
        """Wait until the connection of `generation` has been replaced by a resumed one;
        return False if the automatic resume gave up."""
        async with asyncio.timeout(timeout):
            while self._generation == generation:
                recovery = self._recovery
                gave_up = recovery is not None and recovery.done()
                if self._closing or (gave_up and self._recovering == generation):
                    return False
                if self.seat_lost or self.seat_freed:  # nothing to resume: the seat is gone
                    return False
                await asyncio.sleep(0.02)
        return True

    async def next_update(self, timeout: float = 10) -> Update:
        """Return the next `update` the server pushed; raise BrinkConnectionError once the
        connection is lost and will not be resumed (no `auto_resume`, or it gave up), and
        TimeoutError if none came within `timeout` seconds."""
        if not self._updates.empty():
            return self._updates.get_nowait()
        async with asyncio.timeout(timeout):
            update = asyncio.ensure_future(self._updates.get())
            gone = asyncio.ensure_future(self._gone.wait())
            try:
                await asyncio.wait({update, gone}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                came = update.done() and not update.cancelled()
                gone.cancel()
                update.cancel()
            if came:
                return update.result()
        raise BrinkConnectionError(self.url, self._gone_why)

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
