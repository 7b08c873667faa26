"""Making rooms: a new game's room created and started in one script, an empty one, and
another game's log grafted onto a new room — the part of `Keeper` (keeper.py) that makes rooms."""

from __future__ import annotations

import secrets
import time
from dataclasses import replace

from server.engine import SYSTEM, apply, initial_state
from server.engine.commands import StartGame
from server.engine.state import GameState
from server.live.commit import Answer, Conflict, Timing
from server.live.loading import new_room, now_ms, rules_json
from server.live.metrics import Metrics
from server.live.reading import Reader
from server.live.rooms import WAITING, Room, RoomInfo, event_entries
from server.protocol import Entry, Notice
from server.protocol.codes import CODE_ALPHABET, home
from server.protocol.tokens import new_token
from server.ruleset.model import Ruleset
from server.storage.store import new_meta, token_hash


class Maker(Reader):
    """Creates rooms (their codes reserved in Redis) and starts their games."""

    scenarios: dict[str, Ruleset]
    metrics: Metrics
    origin: str
    rooms: dict[str, Room]
    home: tuple[int, int] | None = None
    """(this worker, of how many) under `brink serve --workers N`: a player's new room gets a
    code whose home is this worker, where the connections naming it are steered
    (server/web/steer.py); a class's rooms keep random codes (spread over the workers)."""

    async def _commit(
        self,
        room: Room,
        entries: list[Entry],
        state: GameState | None,
        timing: Timing | None = None,
        reply: Answer | None = None,
        made: dict[str, str] | None = None,
    ) -> bool:
        """Commit `entries` to the room (keeper.py)."""
        raise NotImplementedError

    async def create_room(
        self,
        scenario: str,
        language: str,
        seconds: dict[str, int],
        bots: dict[str, str],
        timers: bool,
        owner: str = "",
    ) -> tuple[Room, str]:
        """Create and start a room; return it and the instructor key. Its clock waits for the
        players (`graft`)."""
        start = StartGame(seed=secrets.randbelow(2**62))
        rules = self.scenarios[scenario]
        return await self.start_room(rules, language, seconds, bots, timers, start, owner)

    async def start_room(
        self,
        rules: Ruleset,
        language: str,
        seconds: dict[str, int],
        bots: dict[str, str],
        timers: bool,
        start: StartGame,
        owner: str = "",
        in_class: bool = False,
        rematch_of: str = "",
        instructor_hash: str = "",
    ) -> tuple[Room, str]:
        """Create a room and start its game with `start` — the code reserved, the meta written
        and the game's first entries committed in one script (`Store.commit_log`'s `made`) —
        and return it and the instructor key. Its clock waits for the players (`graft`).
        `in_class`: one of a class's rooms, whose seats the class gives (RoomInfo.in_class);
        `rematch_of`: the room whose players alone take its seats (RoomInfo.rematch_of);
        `instructor_hash`: that room's, whose instructor key opens this one too (the key
        returned is then of no use)."""
        started = time.perf_counter()
        blank = initial_state(rules)
        state, events = apply(rules, blank, SYSTEM, start)
        entries = event_entries(0, "system", start, events, None, now_ms())
        key = new_token(18)
        # Before the room: if it cannot be stored, no room is left behind that nobody knows of.
        await self.store.keep_rules(rules.hash, rules_json(rules))
        for _ in range(20):
            info = self._info(rules, language, seconds, bots, timers, key, "", owner, in_class)
            info = replace(info, rematch_of=rematch_of)
            if instructor_hash:
                info = replace(info, instructor_hash=instructor_hash)
            room = new_room(info, rules, blank, 0)
            made = new_meta({**info.to_meta(), "holders": self.origin}, rules.hash)
            if await self._graft(room, entries, state, made):
                break
        else:
            raise RuntimeError("no free room code")
        self.rooms[room.code] = room
        self.metrics.rooms.set(len(self.rooms))
        self.metrics.observe_command(time.perf_counter() - started)
        return room, key

    def elsewhere(self, code: str) -> bool:
        """Whether room `code`'s home is another worker than this one (never with one process)."""
        return self.home is not None and home(code, self.home[1]) != self.home[0]

    def _info(
        self,
        rules: Ruleset,
        language: str,
        seconds: dict[str, int],
        bots: dict[str, str],
        timers: bool,
        key: str,
        forked_from: str,
        owner: str,
        in_class: bool = False,
    ) -> RoomInfo:
        """A new room's info under a fresh random code (it may be taken: the store says)."""
        while True:  # under several workers, one whose home is this one (a class's: any)
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
            if self.home is None or in_class or home(code, self.home[1]) == self.home[0]:
                break
        made = (code, rules.id, language, seconds, bots, timers, token_hash(key), forked_from)
        return RoomInfo(*made, owner=owner, in_class=in_class)  # type: ignore[arg-type]

    async def open_room(
        self,
        rules: Ruleset,
        language: str,
        seconds: dict[str, int],
        bots: dict[str, str],
        timers: bool,
        forked_from: str = "",
        owner: str = "",
    ) -> tuple[Room, str]:
        """Reserve a fresh code and create an empty room (no game started); return it and the
        instructor key."""
        key = new_token(18)
        for _ in range(20):
            info = self._info(rules, language, seconds, bots, timers, key, forked_from, owner)
            # Held by this process from the start (server/storage/holders.py).
            meta = {**info.to_meta(), "holders": self.origin}
            if await self.store.create_room(info.code, meta, rules.hash, rules_json(rules)):
                break
        else:
            raise RuntimeError("no free room code")
        room = new_room(info, rules, initial_state(rules), 0)
        self.rooms[info.code] = room
        self.metrics.rooms.set(len(self.rooms))
        return room, key

    async def graft(self, room: Room, entries: list[Entry], state: GameState) -> None:
        """Commit `entries` (a game's start, or another game's log up to a point) to a new
        room, `state` after them: the room plays that game from there. A room with timers and
        a side played by people then waits, paused (`WAITING`), with no clock running: its
        clock starts when those sides are seated, or when it is started (lifecycle.py)."""
        if not await self._graft(room, entries, state):
            raise Conflict(f"room {room.code} changed while it was being made")

    async def _graft(
        self,
        room: Room,
        entries: list[Entry],
        state: GameState,
        made: dict[str, str] | None = None,
    ) -> bool:
        """`graft`; with `made`, the room is created by the same script with that meta (False:
        its code is taken, nothing written)."""
        timing: Timing | None = None
        if room.waits_for_players():
            now = now_ms()
            wait = Notice(kind="paused", reason=WAITING, at=now)
            entries = [*entries, Entry(n=entries[-1].n + 1, notice=wait, at=now)]
            timing = (None, True)
        async with room.lock:
            return await self._commit(room, entries, state, timing, made=made)
