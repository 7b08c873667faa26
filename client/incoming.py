"""What the client does with what the server sends (part of `BrinkClient`,
client/connection.py): it takes a seat from `joined`, applies each `update` to the view (and
notices log positions it never received), follows presence, resyncs when it fell behind, and
resumes a lost connection by itself with `auto_resume`."""

from __future__ import annotations

import asyncio
import contextlib
from abc import abstractmethod
from typing import Any

from pydantic import ValidationError

from client.errors import BrinkConnectionError, ServerError
from client.link import SEAT_FREED_DETAIL, SEAT_LOST_DETAIL, Link, Status
from server.protocol import (
    SERVER_MESSAGES,
    Error,
    Joined,
    Presence,
    ResyncRequired,
    Update,
)


class Incoming(Link):
    """A connection that keeps its seat's state from the server's messages, and recovers."""

    @abstractmethod
    async def resume(self, code: str, token: str, since: int = 0) -> Joined:
        """Take back a seat with its token (client/connection.py)."""

    @abstractmethod
    async def join(self, code: str, seat: str | None = None, **options: Any) -> Joined:
        """Take a seat, or watch (client/connection.py)."""

    @abstractmethod
    async def resync(self) -> Update:
        """Ask for the current view again (client/connection.py)."""

    def _seat(self, joined: Joined) -> None:
        if joined.code != self.code:  # another room (a rematch): its log starts afresh
            self.n, self.entries = 0, []
        self.code, self.seat, self.role = joined.code, joined.seat, joined.role
        if self.seat_freed:  # a seat held again (a class's student following the class)
            self.seat_freed = False
            self._gone.clear()
        self.token = joined.token or self.token
        self.scenario, self.language = joined.scenario, joined.language
        self.entries.extend(entry for entry in joined.entries if entry.n > self.n)
        self.n, self.view = joined.n, joined.view
        self.options, self.seats, self.deadline = (
            joined.options,
            dict(joined.seats),
            joined.deadline,
        )
        self.given = dict(joined.given)

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
        fresh = [entry for entry in update.entries if entry.n > self.n]
        self.entries.extend(fresh)
        for entry in fresh:  # a seat given on: whom it waits for (its old holder is not away)
            notice = entry.notice
            if notice is not None and notice.kind == "reassigned" and notice.seat:
                self.given[notice.seat] = notice.name or ""
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
        if message.status in ("joined", "here", "left"):  # sat down (or given up)
            self.given.pop(message.seat, None)
        mine = self.role == "player" and message.seat == self.seat and not self.seat_freed
        if mine and message.status == "left":  # not our own `leave`: the server tells not it
            self._seat_freed()

    def _seat_freed(self) -> None:
        """This connection's seat was given up elsewhere (an instructor moved or removed a
        class's student, or another connection of the seat left it): the server put this
        socket out of the room and the token holds no seat now. Nothing to resume: whoever
        waits hears it at once (`next_update` raises), listeners a `failed` status."""
        self.seat_freed = True
        self._given_up(SEAT_FREED_DETAIL)
        self._notify(Status("failed", SEAT_FREED_DETAIL))

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

    async def _take_back(self) -> tuple[Joined, int | None]:
        """Resume the seat from `n`; return the `joined`, and the position given up if the
        room's log turned out to end before it.

        That is `bad_since`: the server's Redis lost commits, or was restored from an older
        backup, and what this client saw past the log's end never happened for the server. It
        resumes once more, from 0, and rebuilds its state from the whole log, as the web client
        does. A resume from 0 cannot be refused so: no loop.

        A spectator has no seat to resume: it joins the room again, as a spectator, and is sent
        the room's whole history (the entries after `n` are kept; a log that now ends before
        `n` is read again from its start, as above)."""
        assert self.code is not None
        if self.token is None and self.role == "spectator":
            seen, kept = self.n, len(self.entries)
            joined = await self.join(self.code)
            if joined.n >= seen:
                return joined, None
            self.restarts += 1  # none of its entries was kept: read them as they are now
            self.entries = [*joined.entries, *self.entries[kept:]]
            return joined, seen
        assert self.token is not None
        try:
            return await self.resume(self.code, self.token, self.n), None
        except ServerError as error:
            if error.code != "bad_since" or self.n == 0:
                raise
        seen = self.n
        self.restarts += 1
        self.n, self.entries, self.view = 0, [], {}
        self.options, self.deadline = None, None
        return await self.resume(self.code, self.token, 0), seen

    def _lost(self) -> None:
        if self.seat_freed:  # told already: its token holds nothing to resume
            return
        if self.seat_lost:  # the seat was given to someone else: its token holds none now
            self._given_up(SEAT_LOST_DETAIL)
            self._notify(Status("failed", SEAT_LOST_DETAIL))
            return
        watching = self.role == "spectator"  # joins again: it has no token
        if not (self.auto_resume and self.code and (self.token or watching)):
            self._given_up("connection lost")
            self._notify(Status("lost", "connection closed"))
            return
        self._notify(Status("lost", "reconnecting…"))
        self._recovering = self._generation
        self._recovery = asyncio.get_running_loop().create_task(self._recover())

    async def _recover(self) -> None:
        problem = "gave up"
        for attempt, delay in enumerate(self.resume_delays):
            await asyncio.sleep(delay)
            if self._closing:
                return
            self.url = self.urls[attempt % len(self.urls)]
            try:
                await self.connect()
                _, seen = await self._take_back()
            except BrinkConnectionError as error:
                problem = error.reason
                continue
            except ServerError as error:
                if error.code != "unavailable":
                    self._given_up(f"connection lost and not resumed ({error})")
                    self._notify(Status("failed", str(error)))
                    return
                # The server cannot reach its Redis just now (restarting): it recovers by
                # itself, so try again on a fresh connection after the next delay.
                problem = str(error)
                await self._let_go()
                continue
            self._generation += 1
            self._notify(Status("resumed", self._back(seen), reread=seen is not None))
            return
        self._given_up(f"connection lost and not resumed ({problem})")
        self._notify(Status("failed", problem))

    def _back(self, seen: int | None) -> str:
        if seen is None:
            return f"back at {self.n}"
        return (
            f"back at {self.n}: the server's log of this room now ends before position {seen}, "
            "which this client had seen (lost on the server), so the game was read again from "
            "its start"
        )
