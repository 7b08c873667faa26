"""The rooms this process serves: loading them, committing their changes, fanning out.

One authority per room at a time: a room's changes are serialised by its lock inside a process
and by the commit's position check across processes (optimistic: on a conflict the process
catches up from the log and decides again). Other processes' commits arrive by pub/sub.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter
from redis.asyncio import Redis
from redis.exceptions import RedisError

from server.archive import write_archive
from server.bots import make_bot
from server.bots.base import Turn
from server.engine import (
    SYSTEM,
    Command,
    EngineError,
    Seat,
    apply,
    initial_state,
    refusal,
    view,
)
from server.engine.commands import StartGame
from server.engine.legal import candidates
from server.engine.rng import Rng
from server.engine.state import GameState
from server.metrics import Metrics
from server.protocol import ChatLine, Entry, Presence
from server.rooms import Room, RoomInfo, chat_entry, engine_seat, event_entries
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.source import RuleCheckFailed
from server.store import KEEP, SNAPSHOT_EVERY, Commit, Store, token_hash

if TYPE_CHECKING:
    from server.connection import Connection

log = logging.getLogger("brink.hub")
ENTRY_LIST: TypeAdapter[list[Entry]] = TypeAdapter(list[Entry])
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class Conflict(Exception):
    """Another process kept committing to the room; the command was not applied."""


def load_scenarios(rules_dir: Path) -> dict[str, Ruleset]:
    """Return every valid scenario in `rules_dir` by id (libraries are skipped)."""
    found: dict[str, Ruleset] = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        try:
            rules = load_ruleset(path)
        except RuleCheckFailed as failure:
            log.error("skipping %s: %s", path, failure.errors[0])
            continue
        found[rules.id] = rules
    return found


@lru_cache(maxsize=32)
def _rules_json(rules: Ruleset) -> str:
    """Return the rules as stored with each room (a ruleset never changes: serialised once)."""
    return rules.to_json()


def now_ms() -> int:
    return int(time.time() * 1000)


class Hub:
    """Every room this process has loaded, and the Redis connections that keep them current."""

    def __init__(
        self,
        redis: Redis,
        scenarios: dict[str, Ruleset],
        metrics: Metrics,
        bot_delay: float,
        archive_dir: Path | None = None,
    ) -> None:
        self.redis = redis
        self.store = Store(redis)
        self.scenarios = scenarios
        self.metrics = metrics
        self.bot_delay = bot_delay
        self.origin = secrets.token_hex(6)
        self.archive_dir = archive_dir
        self.rooms: dict[str, Room] = {}
        self._loading: dict[str, asyncio.Lock] = {}
        self._pubsub = redis.pubsub()
        self._tasks: set[asyncio.Task[Any]] = set()
        self.tickets: dict[str, Connection] = {}
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

    async def create_room(
        self,
        scenario: str,
        language: str,
        seconds: dict[str, int],
        bots: dict[str, str],
        timers: bool,
    ) -> tuple[Room, str]:
        """Create and start a room; return it and the instructor key."""
        rules = self.scenarios[scenario]
        key = secrets.token_urlsafe(18)
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
            info = RoomInfo(code, scenario, language, seconds, bots, timers, token_hash(key))  # type: ignore[arg-type]
            if await self.store.create_room(code, info.to_meta(), rules.hash, _rules_json(rules)):
                break
        else:
            raise RuntimeError("no free room code")
        room = Room(info, rules, initial_state(rules), 0)
        room.bots = {side: make_bot(name, side) for side, name in info.bots.items()}
        self.rooms[code] = room
        await self._subscribe(code)
        await self.submit(room, "system", StartGame(seed=secrets.randbelow(2**62)))
        self.metrics.rooms.set(len(self.rooms))
        return room, key

    async def room(self, code: str) -> Room | None:
        """Return the room, loading it from Redis if this process does not hold it yet."""
        if code in self.rooms:
            return self.rooms[code]
        lock = self._loading.setdefault(code, asyncio.Lock())
        async with lock:
            if code not in self.rooms:
                room = await self._load(code)
                if room is None:
                    return None
                self.rooms[code] = room
                await self._subscribe(code)
                self.metrics.rooms.set(len(self.rooms))
        return self.rooms[code]

    async def _load(self, code: str) -> Room | None:
        meta = await self.store.meta(code)
        if meta is None or "scenario" not in meta:
            return None
        info = RoomInfo.from_meta(code, meta)
        rules = self.scenarios.get(info.scenario)
        if rules is None or rules.hash != meta.get("rules_hash"):
            stored = await self.store.rules_json(meta.get("rules_hash", ""))
            if stored is None:
                return None
            rules = Ruleset.from_json(stored)
        state, n = initial_state(rules), 0
        snapshot = await self.store.snapshot(code)
        if snapshot is not None:
            n, state = snapshot[0], GameState.model_validate_json(snapshot[1])
        room = Room(info, rules, state, n)
        room.bots = {side: make_bot(name, side) for side, name in info.bots.items()}
        await self.catch_up(room)
        room.deadline_ms = await self.store.deadline(code)
        return room

    def release(self, room: Room) -> None:
        """Forget a room nobody here watches (it reloads from Redis when needed again)."""
        if room.connections or room.bots or self.rooms.get(room.code) is not room:
            return
        del self.rooms[room.code]
        self._spawn(self._pubsub.unsubscribe(f"brink:room:{room.code}"))
        self.metrics.rooms.set(len(self.rooms))

    async def catch_up(self, room: Room) -> list[Entry]:
        """Fold in (and send to this process's sockets) whatever the log holds past the room's
        position; return those entries."""
        entries = await self.entries_since(room, room.n)
        await self.absorb(room, entries)
        return entries

    async def entries_since(self, room: Room, n: int) -> list[Entry]:
        """Return the room's log entries after position `n`, parsed, in order."""
        raw = await self.store.entries_since(room.code, n)
        return ENTRY_LIST.validate_json(f"[{','.join(raw)}]") if raw else []

    async def absorb(self, room: Room, entries: list[Entry]) -> None:
        """Fold in (and send to this process's sockets) those of `entries`, read from the log,
        that lie past the room's position."""
        entries = [entry for entry in entries if entry.n > room.n]
        if entries:
            room.deadline_ms = await self.store.deadline(room.code)
            room.fold(entries)
            self._fan_out(room, entries)
            self._after_change(room)

    async def _behind(self, room: Room) -> bool:
        """Return whether another process has committed past this copy of the room."""
        stored = await self.redis.hget(self.store.key(room.code), "n")
        return stored is not None and int(stored) > room.n

    # ------------------------------------------------------------ changes

    async def submit(self, room: Room, seat: str, command: Command) -> int:
        """Decide and commit `command` for `seat`; return the new log position.

        Raises EngineError if the engine refuses it (nothing changes) or Conflict."""
        started = time.perf_counter()
        async with room.lock:
            for _ in range(5):
                actor = SYSTEM if seat == "system" else engine_seat(seat)
                try:
                    state, events = apply(room.rules, room.state, actor, command)
                except EngineError:
                    # Refused here, but perhaps only because this copy is behind: look again.
                    if await self._behind(room):
                        await self.catch_up(room)
                        continue
                    raise
                entries = event_entries(room.n, seat, command, events)
                if await self._commit(room, entries, state):
                    self.metrics.observe_command(time.perf_counter() - started)
                    return room.n
                await self.catch_up(room)
        raise Conflict(f"room {room.code} kept changing")

    async def say(self, room: Room, chat: ChatLine) -> int:
        """Commit a chat line to the room's log; return its position."""
        async with room.lock:
            for _ in range(5):
                if await self._commit(room, [chat_entry(room.n, chat)], None):
                    return room.n
                await self.catch_up(room)
        raise Conflict(f"room {room.code} kept changing")

    async def _commit(self, room: Room, entries: list[Entry], state: GameState | None) -> bool:
        texts = [entry.model_dump_json() for entry in entries]
        after = state if state is not None else room.state
        last = entries[-1].n
        snapshot = None
        if state is not None and last // SNAPSHOT_EVERY > room.n // SNAPSHOT_EVERY:
            snapshot = json.dumps({"n": last, "state": json.loads(state.model_dump_json())})
        deadline = room.deadline(now_ms(), after) if state is not None else KEEP
        shown = room.deadline_ms if deadline == KEEP else deadline
        # Built as text: the entries are serialised once, for Redis, the other processes and
        # (unredacted) the sockets; the origin leads, so a process skips its own unparsed.
        publish = f'{self.origin}{{"deadline":{json.dumps(shown)},"entries":['  # + entries, ]}
        # The commit that ends the game brings back the whole log for the archive.
        archive = after.finished and not room.state.finished and self.archive_dir is not None
        commit = Commit(
            room.code,
            room.n,
            texts,
            publish,
            after.turn,
            deadline,
            snapshot,
            after.finished,
            archive,
            publish_head=True,
        )
        try:
            written = await self.store.commit_log(commit)
        except RedisError:
            self.metrics.redis_errors.inc()
            raise
        if written is None:
            return False
        if deadline != KEEP:
            room.deadline_ms = deadline
        room.advance(entries, state)
        if archive and self.archive_dir is not None:
            stored = (room.info.scenario, room.rules.hash, written[1])
            self._spawn(write_archive(self.archive_dir, room.code, *stored))
        self._fan_out(room, entries, dict(zip(map(id, entries), texts, strict=True)))
        self._after_change(room)
        return True

    def _fan_out(
        self, room: Room, entries: list[Entry], texts: dict[int, str] | None = None
    ) -> None:
        if not room.connections:
            return
        updates = room.updates(entries, {c.audience for c in room.connections}, texts or {})
        for connection in list(room.connections):
            update = updates.get(connection.audience)
            if update is not None:
                connection.send(update, droppable=True)

    def _after_change(self, room: Room) -> None:
        side = room.bot_to_move()
        if side is not None:
            self._spawn(self._bot_move(room, side, room.n))

    async def _bot_move(self, room: Room, side: str, at: int) -> None:
        await asyncio.sleep(self.bot_delay)
        if room.n != at or room.bot_to_move() != side:
            return
        seat = Seat(side=side)
        state = room.state
        turn = Turn(
            room.rules,
            side,
            lambda: view(room.rules, state, side),
            candidates(room.rules, state, seat),
            lambda c: refusal(room.rules, state, seat, c) is None,
            Rng(room.n * 7919 + 1),
        )
        command = room.bots[side].choose(turn)
        try:
            await self.submit(room, side, command)
        except (EngineError, Conflict) as error:
            log.info("bot move in %s not applied: %s", room.code, error)

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------ other processes

    async def _subscribe(self, code: str) -> None:
        await self._pubsub.subscribe(f"brink:room:{code}")

    async def listen(self) -> None:
        """Apply what other processes commit to the rooms this process holds."""
        while True:
            if not self._pubsub.subscribed:
                await asyncio.sleep(0.05)
                continue
            message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is None:
                continue
            try:
                await self._received(message["channel"], message["data"])
            except Exception:
                log.exception("bad pub/sub message on %s", message["channel"])

    async def watch_ticket(self, ticket: str) -> None:
        await self._pubsub.subscribe(f"brink:ticket:{ticket}")

    async def unwatch_ticket(self, ticket: str) -> None:
        await self._pubsub.unsubscribe(f"brink:ticket:{ticket}")

    async def _received(self, channel: str, data: str) -> None:
        if data.startswith(self.origin):
            return
        if channel.startswith("brink:room:") and data[:1] != "{":
            data = data[len(self.origin) :]
        payload = json.loads(data)
        if channel.startswith("brink:ticket:"):
            ticket = channel.rsplit(":", 1)[-1]
            conn = self.tickets.pop(ticket, None)
            await self.unwatch_ticket(ticket)
            if conn is not None and self.on_match is not None:
                await self.on_match(conn, payload)
            return
        room = self.rooms.get(channel.rsplit(":", 1)[-1])
        if room is None:
            return
        if "presence" in payload:
            presence = Presence.model_validate(payload["presence"])
            for connection in list(room.connections):
                connection.send(presence)
            return
        entries = [Entry.model_validate(item) for item in payload["entries"]]
        async with room.lock:
            if entries[-1].n <= room.n:
                return
            if entries[0].n != room.n + 1:
                await self.catch_up(room)
                return
            room.deadline_ms = payload.get("deadline")
            room.fold(entries)
            self._fan_out(room, entries)
            self._after_change(room)

    async def announce(self, room: Room, presence: Presence) -> None:
        """Tell the room (here and in other processes) that a seat came or went."""
        for connection in list(room.connections):
            connection.send(presence)
        payload = self.origin + json.dumps({"presence": presence.model_dump()})
        await self.redis.publish(f"brink:room:{room.code}", payload)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]
