"""The live dashboard of a class: one `Board` per class watched in this process, shared by every
socket of its instructor that watches it.

The board holds each of the class's rooms here (the hub keeps them current with every process's
commits through its pub/sub relay) and sits in each as a listener (`Eye`): a commit or a presence
change marks the room changed; at most every COALESCE seconds the changed rooms' summaries go to
the watchers in one `class_rooms` message, so a busy class of 25 rooms costs a few messages a
second, not one per move. A change of the class itself (a student joined or moved, a room added)
comes over the class's channel: the board reads the class again and sends `class_info`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from redis.exceptions import RedisError

from server.classroom.classes import load_class
from server.classroom.leavers import entry_lefts, leavers, log_entries
from server.classroom.model import ClassSession
from server.classroom.summary import class_info, summarize
from server.live.connection import Connection
from server.live.hub import Hub
from server.live.lifecycle import SHORTEST_RESUMED_TURN_MS
from server.live.loading import now_ms
from server.live.rooms import WAITING, Room
from server.protocol import ClassInfo, ClassRooms, ClassView, Message, Notice, Presence
from server.protocol.entries import Entry

log = logging.getLogger("brink.classroom")
TAIL = 64
"""Log entries read first for when a room's turn began (its whole log only if they hold no
`turn_started`)."""
COALESCE = 0.1
"""Seconds a room's change may wait to be sent with others."""
REASSIGNED = '"kind":"reassigned"'
"""In an update's text: an instructor gave a seat to someone else (its `reassigned` notice). A
chat line's words are escaped (`\\"kind\\"`), so they do not match it."""
SEAT_LEFT = '"kind":"seat_left"'
"""In an update's text: a seat was given up (its `seat_left` notice, which names who gave it
up: the board reads the room's log once, when it holds the room, and the updates after)."""


class Eye:
    """The board's listener in one room: it notes that the room changed, and who is here."""

    audience = "spectator"
    behind = False
    read_presence = 0  # it reads no presence of its own: every change is news to it

    def __init__(self, board: Board, code: str) -> None:
        self.board = board
        self.code = code

    def send(self, message: Message | str, droppable: bool = False) -> None:
        if isinstance(message, Presence):
            here = self.board.present.setdefault(self.code, {})
            gone = message.status in ("away", "left")  # left: the seat is free again
            here[message.seat] = 0 if gone else max(1, here.get(message.seat, 0))
            self.board.names_stale.add(self.code)
        elif isinstance(message, str):  # one update may carry many entries (a catch-up)
            if REASSIGNED in message:
                # a seat given to someone else: nobody came or went, but its holder changed
                self.board.names_stale.add(self.code)
            if SEAT_LEFT in message:
                # a seat given up (a Leave, a move): its notice says by whom
                self.board.names_stale.add(self.code)
                self.board.note_lefts(self.code, _update_lefts(message))
        self.board.touch(self.code)

    async def going_away(self) -> None:
        return None

    def unseat(self) -> None:
        return None  # it holds no seat

    def dismiss(self, reason: str) -> None:
        return None  # it holds no seat


class Board:
    """One class's dashboard in this process."""

    def __init__(self, hub: Hub, code: str) -> None:
        self.hub = hub
        self.code = code
        self.session: ClassSession | None = None
        self.watchers: set[Connection] = set()
        self.rooms: dict[str, Room] = {}
        self.eyes: dict[str, Eye] = {}
        self.present: dict[str, dict[str, int]] = {}
        self.names: dict[str, dict[str, str]] = {}
        self.lefts: dict[str, dict[int, tuple[int, str, str]]] = {}
        """Room -> its log's `seat_left` notices by position (read from the log when the room
        is held, then from its updates): a student of the class who left their seat
        themselves (leavers.py) shows so."""
        self.names_stale: set[str] = set()
        self.since: dict[str, tuple[int, int | None]] = {}
        """Room -> (its turn, when that turn began as seen here: moved on by each pause since,
        so the time a turn has run counts neither a pause nor the time before it)."""
        self.pauses: dict[str, Notice] = {}
        self.opened_in: dict[str, dict[str, Any] | None] = {}
        """The pause a room's log showed still on when it was first read (`_turn_start`)."""
        """Room -> the pause seen on its current turn, until it is seen resumed."""
        self.dirty: set[str] = set()
        self._flush: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._reading = asyncio.Lock()
        """Held while the class is read and its rooms held (`open`, `class_changed`): two reads
        at once could end with the older one's class, told last."""

    async def open(self) -> bool:
        """Read the class and hold its rooms, unless that is done (by another watcher's `open`
        or a change told meanwhile); False if there is no such class."""
        async with self._reading:
            if self.session is None:
                self.session = await load_class(self.hub.redis, self.code)
                if self.session is None:
                    return False
                await self._hold_rooms()
        return True

    async def _hold_rooms(self) -> None:
        assert self.session is not None
        wanted = list(self.session.rooms)
        for code in wanted:
            if code in self.rooms:
                continue
            room = await self.hub.room(code)
            if room is None:
                continue
            eye = Eye(self, code)
            room.connections.add(eye)
            self.rooms[code], self.eyes[code] = room, eye
            # who is here: as Redis counts them, and what the eye was told while that was read
            # (newer than the count, which may have been read before it)
            told: dict[str, int] = {}
            self.present[code] = told
            self.present[code] = {**await self.hub.live.present(code), **told}
            self.names[code] = await self.hub.store.seats(code)
            self.lefts[code] = {}  # what the eye is told while the log is read is kept
            self.note_lefts(code, await self._seat_lefts(code))
            self.since[code] = (room.state.turn, await self._turn_start(room))
            first = self.opened_in.pop(code, None)  # the first pause of the one still on
            if room.paused is not None:
                self.pauses[code] = room.paused if first is None else Notice.model_validate(first)
        for code in [c for c in self.rooms if c not in wanted]:
            self._let_go(code)

    def _let_go(self, code: str) -> None:
        room, eye = self.rooms.pop(code), self.eyes.pop(code)
        self.pauses.pop(code, None)
        self.lefts.pop(code, None)
        room.connections.discard(eye)
        self.hub.release(room)

    async def _seat_lefts(self, code: str) -> list[tuple[int, str, str]]:
        """The `seat_left` notices of the room's log (none if it cannot be read)."""
        try:
            return entry_lefts(log_entries(await self.hub.store.entries_since(code, 0)))
        except RedisError as error:
            log.warning("could not read the log of %s: %s", code, error)
            return []

    def note_lefts(self, code: str, lefts: list[tuple[int, str, str]]) -> None:
        """Note `seat_left` notices of room `code` (one told and read both is noted once)."""
        if code in self.lefts:
            self.lefts[code].update((left[0], left) for left in lefts)

    def view(self, request_id: str | None = None) -> ClassView:
        assert self.session is not None
        now = now_ms()
        rooms = [self._summary(code, now) for code in self.session.rooms if code in self.rooms]
        return ClassView(
            id=request_id, code=self.code, info=class_info(self.session), rooms=rooms, at=now
        )

    def _summary(self, code: str, now: int) -> dict[str, Any]:
        assert self.session is not None
        room = self.rooms[code]
        turn, since = self.since.get(code, (-1, None))
        if turn != room.state.turn:
            since = self._turn_began(room, now) if turn == -1 else now
            self.since[code] = (room.state.turn, since)
            self.pauses.pop(code, None)
        since = self._after_pause(room, since, now)
        names, present = self.names.get(code, {}), self.present.get(code, {})
        lefts = sorted(self.lefts.get(code, {}).values())
        gave_up = {h.seat: h.name for h in leavers(self.session, code, lefts)}
        return summarize(room, self.session, names, present, since, now, gave_up)

    async def _turn_start(self, room: Room) -> int | None:
        """When the room's turn began, read from its log (the commit of its `turn_started`),
        moved on by each pause of it ended since (`_paused_since`): its deadline less the
        turn's time is off by whatever time the teacher gave or took since. None if it has no
        clock running."""
        turn, guess = room.state.turn, self._turn_began(room, now_ms())
        if guess is None:
            return None
        start = max(0, room.n - TAIL)  # the turn began lately: its tail first, then the rest
        while True:
            try:
                logged = await self.hub.store.entries_since(room.code, start)
            except RedisError as error:
                log.warning("could not read the log of %s: %s", room.code, error)
                return guess
            for index in range(len(logged) - 1, -1, -1):
                text = logged[index]
                if '"turn_started"' not in text:
                    continue
                entry = json.loads(text)
                event = entry.get("event") or {}
                if (
                    event.get("type") == "turn_started"
                    and event.get("turn") == turn
                    and entry.get("at")
                ):
                    since, self.opened_in[room.code] = _paused_since(
                        int(entry["at"]), logged[index + 1 :]
                    )
                    return since
                return guess
            if start == 0:
                return guess
            start = 0

    def _after_pause(self, room: Room, since: int | None, now: int) -> int | None:
        """The turn's start moved on by a pause seen on it and ended since: by as long as it
        lasted (the turn then went on with what was left of it), or to when it ended if the
        turn began again (a fresh turn, little having been left)."""
        code, paused = room.code, room.paused
        if paused is not None and not room.waiting:
            self.pauses.setdefault(code, paused)
            return since
        seen = self.pauses.pop(code, None)
        if seen is None or since is None or room.waiting:
            return since
        left, deadline = seen.left_ms, room.deadline_ms
        if deadline is not None and left is not None and left >= SHORTEST_RESUMED_TURN_MS:
            since += max(0, deadline - left - seen.at)  # resumed at its deadline less what was left
        else:
            since = self._turn_began(room, now) or now
        self.since[code] = (room.state.turn, since)
        return since

    @staticmethod
    def _turn_began(room: Room, now: int) -> int | None:
        """When the room's turn began, as far as can be told on first sight: its deadline less
        the turn's time (None if it has no clock running)."""
        if room.deadline_ms is None or room.state.phase_index < 0:
            return None
        phase = room.rules.phases[room.state.phase_index]
        return room.deadline_ms - 1000 * room.info.seconds.get(phase.id, phase.seconds)

    def touch(self, code: str) -> None:
        """Room `code` changed: send it with the next batch."""
        self.dirty.add(code)
        if self._flush is None and self.watchers:
            loop = asyncio.get_running_loop()
            self._flush = loop.call_later(COALESCE, self._send_changes)

    def _send_changes(self) -> None:
        self._flush = None
        if self.names_stale:
            task = asyncio.create_task(self._read_names(set(self.names_stale)))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            self.names_stale.clear()
            return
        dirty, self.dirty = self.dirty, set()
        if self.session is None or not self.watchers:
            return
        now = now_ms()
        rooms = [self._summary(code, now) for code in dirty if code in self.rooms]
        if not rooms:
            return
        text = ClassRooms(code=self.code, rooms=rooms, at=now).model_dump_json()
        for conn in list(self.watchers):
            conn.send(text)

    async def _read_names(self, codes: set[str]) -> None:
        """A seat's holder came or went: read who holds the rooms' seats, then send."""
        try:
            for code in codes:
                self.names[code] = await self.hub.store.seats(code)
        except RedisError as error:
            log.warning("could not read the seats of %s: %s", codes, error)
        self._send_changes()

    async def class_changed(self) -> None:
        """The class changed (students, rooms, state): read it again and tell the watchers."""
        async with self._reading:
            await self._read_again()

    async def _read_again(self) -> None:
        session = await load_class(self.hub.redis, self.code)
        if session is None:
            return
        before = {code: _seating(self.session, code) for code in self.rooms} if self.session else {}
        self.session = session
        await self._hold_rooms()
        for code in self.rooms:
            if before.get(code) != _seating(session, code):
                self.names[code] = await self.hub.store.seats(code)
                self.dirty.add(code)
        text = ClassInfo(code=self.code, info=class_info(session)).model_dump_json()
        for conn in list(self.watchers):
            conn.send(text)
        if self.dirty:
            self.touch(next(iter(self.dirty)))

    async def unwatch(self, conn: Connection) -> None:
        self.watchers.discard(conn)

    async def close(self) -> None:
        if self._flush is not None:
            self._flush.cancel()
        for code in list(self.rooms):
            self._let_go(code)
        self.watchers.clear()


def _paused_since(began: int, later: list[str]) -> tuple[int, dict[str, Any] | None]:
    """When a turn that began at `began` began, its pauses ended since (in `later`, its log's
    entries after it) taken out: each moves it on by as long as it lasted, or to when it ended
    if the turn began again then (a fresh turn, little having been left: lifecycle.resume);
    and the pause still on, if any. A pause over a pause (a teacher's over the server's: no
    resume between) is one pause, from the first."""
    since, paused = began, None
    for text in later:
        if '"paused"' not in text and '"resumed"' not in text:
            continue
        notice = json.loads(text).get("notice") or {}
        if notice.get("kind") == "paused" and notice.get("reason") != WAITING:
            paused = notice if paused is None else paused
        elif notice.get("kind") == "resumed" and paused is not None:
            left = paused.get("left_ms")
            if left is not None and left >= SHORTEST_RESUMED_TURN_MS:
                since += max(0, int(notice.get("at", 0)) - int(paused.get("at", 0)))
            else:
                since = int(notice.get("at", 0)) or since
            paused = None
    return since, paused


def _update_lefts(text: str) -> list[tuple[int, str, str]]:
    """Return the `seat_left` notices an update (its JSON text) carries."""
    entries = json.loads(text).get("entries") or []
    return entry_lefts(Entry.model_validate(e) for e in entries if _is_seat_left(e))


def _is_seat_left(entry: dict[str, Any]) -> bool:
    return ((entry.get("notice") or {}).get("kind")) == "seat_left"


def _seating(session: ClassSession, room: str) -> list[tuple[str, str, bool]]:
    """Who of the class sits where in `room`, and whether they have joined."""
    return sorted(
        (s.seat or "", s.id, s.joined) for s in session.students.values() if s.room == room
    )
