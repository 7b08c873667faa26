"""The rooms this process holds: loading them, committing their changes, playing their bots.

One authority per room at a time: a room's changes are serialised by its lock inside a process
and by the commit's position check across processes (optimistic: on a conflict the process
catches up from the log and decides again). `Hub` (hub.py) adds what comes from the other
processes: their commits and presence by pub/sub, quick matches, reconnecting.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from server.engine import Command, EngineError, apply
from server.engine.commands import Timeout
from server.engine.errors import IllegalCommand
from server.engine.state import GameState
from server.live import damage
from server.live.botplay import bot_command
from server.live.commit import Answer, Conflict, Timing, fan_out, prepare
from server.live.loading import now_ms, stored_room
from server.live.making import Maker
from server.live.metrics import Metrics
from server.live.records import Unwritten, keep_finished
from server.live.relay import Relay
from server.live.rooms import (
    Listener,
    Room,
    chat_entry,
    event_entries,
    paused_message,
)
from server.protocol import ChatLine, Entry, Notice
from server.replay.record import Header
from server.replay.verify import engine_seat
from server.replay.visible import acting_seat
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side
from server.storage.archiver import Archiver
from server.storage.liveness import Liveness
from server.storage.store import KEEP, BrokenLog, Store, Written

if TYPE_CHECKING:
    from server.live.connection import Connection

log = logging.getLogger("brink.hub")


class Keeper(Maker):
    """Every room this process has loaded, and the Redis connections that keep them current."""

    def __init__(
        self,
        redis: Redis,
        scenarios: dict[str, Ruleset],
        metrics: Metrics,
        bot_delay: float,
        archive_dir: Path | None = None,
        abandon_after: float = 600.0,
    ) -> None:
        self.redis = redis
        self.store = Store(redis)
        self.scenarios = scenarios
        self.metrics = metrics
        self.bot_delay = bot_delay
        self.origin = secrets.token_hex(6)
        self.archive_dir = archive_dir
        self.archiver = Archiver()  # its child is started with the first record to write
        self.unwritten = Unwritten()
        """Finished games whose record file could not be written yet (records.py)."""
        self.abandon_after = abandon_after
        """Seconds a room nobody plays in stays paused before it ends as abandoned."""
        self.history: tuple[Header, str] | None = None
        """The historical 2025 line as a game record (set by the app), opened as H2025."""
        self.rooms: dict[str, Room] = {}
        self.sockets: set[Listener] = set()
        """Every open connection, in a room or not (told when the server shuts down)."""
        self._loading: dict[str, tuple[asyncio.Lock, int]] = {}
        """A lock per room being loaded, with how many wait on it (gone when none do)."""
        self.live = Liveness(redis, self.origin)
        self.relay = Relay(
            redis, self.origin, self._from_elsewhere, self._matched, self._reconnected
        )
        self._tasks: set[asyncio.Task[Any]] = set()
        self._keeping: set[asyncio.Task[None]] = set()
        """Finished games being kept (record, listing, file): a clean stop waits for them."""
        self._unindexed: set[str] = set()
        """Rooms whose last index update failed: their next commit here updates it anyway (a
        commit that moves the deadline later does not, and the index might hold a later one)."""
        self.tickets: dict[str, Connection] = {}
        self.departures: dict[tuple[str, str], tuple[int, str]] = {}
        """(room, seat) -> connections gone uncounted (Redis was away) and the seat's name."""
        self._departing: asyncio.Task[None] | None = None
        self.on_match: Callable[[Connection, dict[str, Any]], Awaitable[None]] | None = None
        # What exists now (modules, pydantic schemas, the scenarios) lives as long as the
        # process: keep it out of the collector's full passes, which ran every few hundred
        # commits and walked all of it (~25% less GC time under the bench's load).
        gc.collect()
        gc.freeze()
        # A commit makes a few hundred short-lived objects: collecting the young generation every
        # 700 allocations (the default) cost ~5% of the CPU under load, a tenth of that at 5000.
        gc.set_threshold(5000, 20, 100)

    # ------------------------------------------------------------ rooms

    async def room(self, code: str) -> Room | None:
        """Return the room, loading it from Redis if this process does not hold it yet."""
        if code in self.rooms:
            return self.rooms[code]
        lock, users = self._loading.get(code, (asyncio.Lock(), 0))
        self._loading[code] = (lock, users + 1)
        try:
            async with lock:
                if code not in self.rooms:
                    await self._load(code)
            return self.rooms.get(code)
        finally:
            lock, users = self._loading[code]
            if users <= 1:
                del self._loading[code]
            else:
                self._loading[code] = (lock, users - 1)

    async def _load(self, code: str) -> None:
        """Load a room from Redis into this process (none if there is no such room)."""
        room = await stored_room(self.store, self.scenarios, code)
        if room is None:
            return
        damage.check(room)  # found broken before (its meta says so)
        # A holder before the log is read: whatever is committed after the read reaches us.
        await self.relay.subscribe(code)
        try:
            timing = await self.read_log(room)
        except BrokenLog:  # logged (damage.py); not held
            await self.relay.unsubscribe(code)
            raise
        if timing is not None and timing.paused and room.paused is None:
            # Paused before the entries read: the notice that paused it is further back.
            room.remember(await self.entries_since(room, 0))
        if timing is not None:
            room.deadline_ms = timing.deadline
            if timing.deadline is not None:
                # Index it again, in case a process died between a commit and indexing it.
                await self.live.schedule(code, timing.n, timing.deadline)
        self.rooms[code] = room
        self.metrics.rooms.set(len(self.rooms))

    # ------------------------------------------------------------ changes

    async def submit(
        self,
        room: Room,
        seat: str,
        command: Command,
        cid: str | None = None,
        notice: Notice | None = None,
        timing: Timing | None = None,
        reply: Answer | None = None,
    ) -> tuple[int, bool]:
        """Decide and commit `command` for `seat`; return the new log position and False —
        or, if `cid` was committed before for this seat, its position and True. An instructor's
        control commits its `notice` (who, when, what) just before the command, in the same
        commit; `timing` (deadline, paused) replaces the turn's fresh deadline. `reply`: the
        request's connection gets the commit's update as its answer (`reply.sent`).

        Raises EngineError if the engine refuses it (nothing changes) or Conflict."""
        started = time.perf_counter()
        async with room.lock:
            for _ in range(5):
                if cid is not None and (seat, cid) in room.cids:
                    return room.cids[(seat, cid)], True
                damage.check(room)
                try:
                    if room.waiting and seat not in ("system", "instructor"):
                        raise IllegalCommand(
                            "not_started", "the game starts when both sides sit down"
                        )
                    if room.paused is not None and (
                        seat not in ("system", "instructor")
                        or (seat == "system" and isinstance(command, Timeout))
                    ):  # a turn timed out as a pause was committed (another process) waits too
                        raise IllegalCommand("paused", paused_message(room.paused))
                    state, events = apply(room.rules, room.state, engine_seat(seat), command)
                except EngineError:
                    # Refused here, but perhaps only because this copy is behind (another
                    # process started the game, resumed it or moved, and pub/sub has not told
                    # this one yet): look again.
                    if await self._behind(room):
                        await self.catch_up(room)
                        continue
                    raise
                at = now_ms()
                noted = [] if notice is None else [Entry(n=room.n + 1, notice=notice, at=at)]
                by = acting_seat(seat)
                made = event_entries(room.n + len(noted), seat, command, events, cid, at, by)
                entries = noted + made
                if await self._commit(room, entries, state, timing, reply):
                    self.metrics.observe_command(time.perf_counter() - started)
                    return room.n, False
                await self._refused(room)
        raise Conflict(f"room {room.code} kept changing")

    async def say(self, room: Room, chat: ChatLine) -> tuple[int, bool]:
        """Commit a chat line to the room's log; return its position and whether it was
        there already (its `cid` seen before)."""
        async with room.lock:
            for _ in range(5):
                if chat.cid is not None and (chat.seat, chat.cid) in room.cids:
                    return room.cids[(chat.seat, chat.cid)], True
                damage.check(room)
                if await self._commit(room, [chat_entry(room.n, chat, now_ms())], None):
                    return room.n, False
                await self._refused(room)
        raise Conflict(f"room {room.code} kept changing")

    async def note(
        self,
        room: Room,
        notice: Notice,
        deadline: int | None = KEEP,
        when: Callable[[Room], bool] | None = None,
    ) -> int | None:
        """Commit a notice with the deadline it sets (KEEP: the turn's stays); return its
        position. A `paused` notice marks the room paused, a `resumed` one not paused. With
        `when`, only if it holds of the room (checked on the up-to-date copy; else None)."""
        paused = {"paused": True, "resumed": False}.get(notice.kind)
        async with room.lock:
            for _ in range(5):
                if when is not None and not when(room):
                    return None
                damage.check(room)
                entry = Entry(n=room.n + 1, notice=notice, at=now_ms())
                if await self._commit(room, [entry], None, (deadline, paused)):
                    return room.n
                await self._refused(room)
        raise Conflict(f"room {room.code} kept changing")

    async def _commit(
        self,
        room: Room,
        entries: list[Entry],
        state: GameState | None,
        timing: Timing | None = None,
        reply: Answer | None = None,
        made: dict[str, str] | None = None,
    ) -> bool:
        prepared = prepare(room, entries, state, self.origin, now_ms(), True, timing)
        try:
            written = await self.store.commit_log(prepared.commit, made)
        except RedisError:
            self.metrics.redis_errors.inc()
            raise
        except BrokenLog as error:  # the stream has an id at this position: nothing written
            raise await damage.found(self.store, room, error) from None
        if written is None:
            return False
        room.advance(entries, state)
        if prepared.deadline != KEEP:
            room.deadline_ms = prepared.deadline
        # The timer index only when the commit needs it (docs/redis/06-timers.md §6), and at the end
        # of a game that had timers (its entry and position go).
        ended = room.state.finished
        again = room.code in self._unindexed and prepared.deadline != KEEP
        if written.index or again or (prepared.commit.archive and room.info.timers):
            try:
                await self.live.schedule(room.code, room.n, room.deadline_ms, ended)
                self._unindexed.discard(room.code)
            except RedisError as error:  # the move is in: the next commit here indexes it
                log.warning("indexing %s's deadline failed: %s", room.code, error)
                self._unindexed.add(room.code)
        texts = dict(zip(map(id, entries), prepared.texts, strict=True))
        try:
            fan_out(room, entries, texts, reply)
        finally:  # after the fan-out, its writers going first; kept even if it failed
            if prepared.commit.archive:
                self._keep(room, written)
        self._after_change(room)
        return True

    def _keep(self, room: Room, written: Written) -> None:
        """Keep the game `room` just finished (its record, listed and written), in a task."""
        folder, archiver = self.archive_dir, self.archiver
        keeping = keep_finished(self.store, folder, room, written, archiver, self.unwritten)
        task = asyncio.create_task(keeping)
        self._keeping.add(task)
        task.add_done_callback(self._keeping.discard)

    def _after_change(self, room: Room) -> None:
        side = room.bot_to_move()
        if side is not None:
            self._spawn(self._bot_move(room, side, room.n))

    async def _bot_move(self, room: Room, side: Side, at: int) -> None:
        await asyncio.sleep(self.bot_delay)
        if room.n != at or room.bot_to_move() != side:
            return
        command = bot_command(room, side)
        try:
            await self.submit(room, side, command)
        except (EngineError, Conflict, BrokenLog) as error:
            log.info("bot move in %s not applied: %s", room.code, error)

    async def finish_keeping(self, patience: float = 10.0) -> None:
        """Let the finished games being kept be kept (a game that ends as the process stops is
        listed, replayable and written to disk all the same); what is not done within
        `patience` seconds is given up."""
        if self._keeping:
            _, late = await asyncio.wait(set(self._keeping), timeout=patience)
            for task in late:
                log.warning("stopping: a finished game was not kept in time")
                task.cancel()
        await self.write_unwritten(patience, every=True)

    async def write_unwritten(self, patience: float = 10.0, every: bool = False) -> None:
        """Try again to write the record files that could not be written (a disk that was full
        may have room now); what is not written within `patience` seconds waits for the next
        try. Their records are in Redis all the same. `every`: try each, not only up to the
        first that still fails (records.Unwritten.write)."""
        if self.archive_dir is None or not self.unwritten.codes:
            return
        writing = self.unwritten.write(self.store, self.archiver, every)
        try:
            await asyncio.wait_for(writing, patience)
        except (TimeoutError, RedisError, OSError) as error:
            log.warning("could not write the records not written before: %r", error)

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------ what Hub adds

    async def _from_elsewhere(self, code: str, payload: dict[str, Any]) -> None:
        raise NotImplementedError

    async def _matched(self, ticket: str, payload: dict[str, Any], picked: bool = False) -> None:
        raise NotImplementedError

    async def _reconnected(self) -> None:
        raise NotImplementedError
