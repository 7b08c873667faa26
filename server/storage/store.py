"""Everything about rooms that must outlive a process, in Redis (layout: docs/redis.md).

    brink:room:{CODE}            hash   meta (scenario, rules hash, language, timers, bots...),
                                        n (the log's position), deadline (ms, '' none) with its
                                        turn, paused ('1' while paused), renewed (ms: when the
                                        keys last got their expiry), broken (what is wrong with
                                        its log, once found: server/live/damage.py); and the
                                        seats (seats.py): seat:SEAT -> sha256(token),
                                        token:HASH -> SEAT, name:SEAT -> display name
    brink:room:{CODE}:log        stream one entry per commit (id "FIRST-0", one field named
                                        LAST: its log entries, one a line; older versions wrote
                                        id "LAST-FIRST" field b, or id "n-1" field e): events,
                                        commands, chat lines and notices as JSON — the truth of
                                        the room
    brink:room:{CODE}:snapshot   string {"n": n, "state": GameState} every SNAPSHOT_EVERY entries
    brink:room:{CODE}:presence   hash   "seat|process" -> that process's open connections
    brink:room:{CODE}:rematching string the claim on making (or declining) the finished room's
                                        rematch (server/live/rematch.py), for 10 s at most
    brink:rules:{hash}           string the ruleset a room plays, as JSON (shared by rooms)
    channel brink:process:{ORIGIN} pub/sub: each commit's entries, for the other processes that
                                        hold the room (the meta's `holders`; holders.py)

(The timer index, the quick-match queue and the processes' heartbeats: liveness.py.)

A commit is one EVALSHA: it checks that the log is still at the position the process built on
(else it refuses: another process got there first), appends the entries (one stream entry), sets
the position, and the deadline with its turn when it changes, renews the expiry (hourly) and
publishes — all or nothing, one round trip (the commit that ends a game also returns who sat
where, and a plain XRANGE in the same exchange reads its log, for the archive). The keys it
touches share the room's hash tag, so it runs on a Redis Cluster too.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, cast

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from server.storage import keys
from server.storage.batch import Batcher, with_reads
from server.storage.games import Games
from server.storage.keys import FINISHED_TTL, FRESH_FIELD, NAME_FIELD, ROOM_TTL, RULES_TTL
from server.storage.liveness import seat_counts
from server.storage.scripts import (
    COMMIT,
    CREATE,
    CREATE_AND_COMMIT,
    DISCARD_UNSEATED,
    ENTRIES,
    LET_GO_CLAIM,
    MARK_BROKEN,
)
from server.storage.seats import RoomGone as RoomGone
from server.storage.seats import Seats, pairs, seat_fields, without_seats
from server.storage.seats import token_hash as token_hash

SNAPSHOT_EVERY = 50


def new_meta(meta: dict[str, str], rules_hash: str) -> dict[str, str]:
    """A new room's meta hash: `meta` with its turn, rules and (no) deadline."""
    return {**meta, "turn": "0", "rules_hash": rules_hash, "deadline": ""}


KEEP = -1
"""A `Commit.deadline_ms` that leaves the room's deadline as it is (a chat line, say)."""


@dataclass(frozen=True, slots=True)
class Commit:
    """What to write for one accepted change of a room (`deadline_ms` None: no deadline)."""

    code: str
    expected: int
    entries: list[str]
    publish: str
    turn: int
    deadline_ms: int | None
    snapshot: str | None = None
    finished: bool = False
    archive: bool = False
    """Also return who sits where (see `Store.commit_log`): the game ends here."""
    publish_head: bool = False
    """`publish` is only the head of the message: the script appends the entries, one a line,
    and `]}` (so the entries cross to Redis once, not twice; the receiver reads the line breaks
    as commas)."""
    paused: bool | None = None
    """Whether the room is paused after this commit (None: as it was)."""
    at: int | None = None
    """The commit's time, ms since the epoch (None: now)."""
    origin: str = ""
    """The committing process: every other process holding the room is sent the commit."""


class BrokenLog(Exception):
    """A room's log in Redis does not line up — entries are missing, or its position `n` and
    its stream disagree (damaged by hand, or commits Redis lost): the room cannot go on. Nothing
    was written. `str()` names the room and the positions."""

    def __init__(self, code: str, problem: str) -> None:
        super().__init__(f"room {code}: {problem}")
        self.code = code
        self.problem = problem
        self.told = f"room {code}'s log in Redis is damaged: this game cannot go on"
        """What a client is told (code `broken_log`); the server's log says what is wrong."""


@dataclass(frozen=True, slots=True)
class Written:
    """What a commit that landed returns."""

    n: int
    """The room's log position after it."""
    log: list[str]
    """For a commit marked `archive`: the log's entries up to it, as stored (`_lines`)."""
    index: bool
    """Whether the timer index needs this commit's deadline (`Liveness.schedule`): it may hold
    an earlier deadline than the room's, never a later one (docs/redis/06-timers.md §6)."""
    names: dict[str, str] = field(default_factory=dict)
    """For a commit marked `archive`: seat -> display name (`seats`)."""
    hashes: dict[str, str] = field(default_factory=dict)
    """For a commit marked `archive`: seat -> its token's hash (`seat_hashes`)."""


@dataclass(frozen=True, slots=True)
class Timing:
    """A room's current turn and its deadline, read together (so they always belong together)."""

    n: int
    turn: int
    deadline: int | None
    paused: bool


class Store(Seats):
    """Reads and writes rooms; every method is one or a few Redis round trips."""

    def __init__(self, redis: Redis) -> None:
        super().__init__(redis)
        self._commit = redis.register_script(COMMIT)
        self.batcher = Batcher(redis)
        self._entries = redis.register_script(ENTRIES)
        self._create = redis.register_script(CREATE)
        self._create_and_commit = redis.register_script(CREATE_AND_COMMIT)
        self._mark_broken = redis.register_script(MARK_BROKEN)
        self._let_go_claim = redis.register_script(LET_GO_CLAIM)
        self._discard_unseated = redis.register_script(DISCARD_UNSEATED)
        self.games = Games(redis)
        """The finished games on the same Redis."""

    @staticmethod
    def key(code: str, part: str = "") -> str:
        return keys.room(code, part)

    async def create_room(
        self, code: str, meta: dict[str, str], rules_hash: str, rules: str
    ) -> bool:
        """Reserve `code` and write the room's meta; False if the code is taken."""
        fields = new_meta(meta, rules_hash)
        args: list[str | int] = [ROOM_TTL, *(item for pair in fields.items() for item in pair)]
        if not await self._create(keys=[self.key(code)], args=args):
            return False
        await self.keep_rules(rules_hash, rules)
        return True

    async def keep_rules(self, rules_hash: str, rules: str) -> None:
        """Store the ruleset a new room plays under its hash. Not in the script that makes the
        room: the ruleset lives on another node of a cluster. Stored again at most hourly by a
        process (it lives 8 days), not with every room."""
        await self.games.store_rules(rules_hash, rules)

    async def meta(self, code: str) -> dict[str, str] | None:
        """Return the room's meta hash without its seats (None if there is no such room)."""
        found = cast(dict[str, str], await self.redis.hgetall(self.key(code)))
        return without_seats(found) or None

    async def rules_json(self, rules_hash: str) -> str | None:
        """Return the ruleset stored under its hash (and keep it as long again)."""
        found = cast(str | None, await self.redis.getex(keys.rules(rules_hash), ex=RULES_TTL))
        if found is None:
            found = await self.games.restore_rules(rules_hash)
        return found

    async def snapshot(self, code: str) -> tuple[int, str] | None:
        """Return (n, state JSON) of the latest snapshot, if any."""
        raw = cast(str | None, await self.redis.get(self.key(code, "snapshot")))
        if raw is None:
            return None
        data = json.loads(raw)
        return int(data["n"]), json.dumps(data["state"])

    async def entries_since(self, code: str, n: int) -> list[str]:
        """Return the log entries after position `n`, as stored JSON, in order."""
        text = str(await self._entries(keys=[self.key(code, "log")], args=[n + 1]))
        return text.split("\n") if text else []

    async def entries_and_names(
        self, code: str, n: int
    ) -> tuple[list[str], dict[str, str], dict[str, int], set[str]]:
        """Return `entries_since`, `seats`, each seat's connections in every process and the
        seats given on whose new holder has not connected yet (seats.py, `fresh:`) together,
        in one exchange."""
        meta, presence = ("HGETALL", self.key(code)), ("HGETALL", self.key(code, "presence"))
        text, found, present = await with_reads(
            self.redis, self._entries, [self.key(code, "log")], [n + 1], meta, presence
        )
        names = seat_fields(cast(dict[str, str], found), NAME_FIELD)
        fresh = set(seat_fields(cast(dict[str, str], found), FRESH_FIELD))
        counts = seat_counts(cast(dict[str, str], present))
        return (str(text).split("\n") if text else []), names, counts, fresh

    async def commit_log(
        self, commit: Commit, made: dict[str, str] | None = None
    ) -> Written | None:
        """Write the commit atomically, in one round trip; return what it wrote (for a commit
        marked `archive`, who sat where as the game ended and the log up to it, for its record:
        the log read by a plain XRANGE in the same exchange, not copied by the script), or
        None on a conflict. Raises BrokenLog if the stream already holds
        an id at the commit's position (nothing is written).

        `made`: the commit is a new room's first (`expected` 0), and the room is created with
        it, as `create_room` does with this meta (without its rules: `keep_rules`) — in the
        same script; None if the code is taken."""
        code = commit.code
        touched = [
            self.key(code),
            self.key(code, "log"),
            self.key(code, "snapshot"),
            self.key(code, "presence"),
        ]
        deadline = "0" if commit.deadline_ms is None else str(commit.deadline_ms)
        if commit.deadline_ms == KEEP:
            deadline = ""
        ttl = FINISHED_TTL if commit.finished else ROOM_TTL
        args: list[Any] = [
            commit.expected,
            commit.publish,
            deadline,
            commit.turn,
            code,
            commit.snapshot or "",
            ttl,
            "1" if commit.archive else "",
            "1" if commit.publish_head else "",
            "" if commit.paused is None else str(int(commit.paused)),
            int(time.time() * 1000) if commit.at is None else commit.at,
            "1" if commit.finished else "",
            commit.origin,
            len(commit.entries),
            "\n".join(commit.entries),
        ]
        script = self._commit
        if made is not None:
            script = self._create_and_commit
            args.insert(13, json.dumps(made))
        items = None  # the log, read with the commit that ends the game
        if commit.archive:  # the log read in the same exchange, right after (one a game)
            result, items = await with_reads(self.redis, script, touched, args, _log(touched[1]))
        else:
            result = await self.batcher.run(script, touched, args)
        if not isinstance(result, list):
            return None
        if int(result[0]) == -2:
            raise BrokenLog(
                code,
                f"its log has had an entry at or past position {commit.expected + 1} "
                f"(stream id {result[2]}) while its n is {result[1]}: entries deleted and "
                "n set back",
            )
        if len(result) <= 2:
            return Written(int(result[0]), [], bool(int(result[1])))
        n = int(result[0])
        log = _lines(items, n)
        return Written(n, log, bool(int(result[1])), pairs(result[2]), pairs(result[3]))

    async def log_top(self, code: str) -> int:
        """Return the position the last id the room's log stream was ever given names (deleted
        entries count; 0 if there is no log)."""
        try:
            info = await self.redis.xinfo_stream(self.key(code, "log"))
        except ResponseError:  # no such key
            return 0
        return int(str(info["last-generated-id"]).partition("-")[0])

    async def mark_broken(self, code: str, problem: str) -> None:
        """Note in the room's meta (`broken`) that its log does not line up (BrokenLog)."""
        await self._mark_broken(keys=[self.key(code)], args=[problem])

    async def claim_rematch(self, code: str, holder: str, ms: int) -> bool:
        """Claim the making (or declining) of room `code`'s rematch for `holder` (an id of the
        request's own) for at most `ms`: False if another holds the claim (SET NX PX)."""
        return bool(await self.redis.set(self.key(code, "rematching"), holder, nx=True, px=ms))

    async def rematch_claimed(self, code: str) -> bool:
        """Whether somebody holds the claim on room `code`'s rematch now."""
        return bool(await self.redis.exists(self.key(code, "rematching")))

    async def let_go_rematch(self, code: str, holder: str) -> None:
        """Give up `holder`'s claim on room `code`'s rematch (if it still has it)."""
        await self._let_go_claim(keys=[self.key(code, "rematching")], args=[holder])

    async def discard_unseated(self, code: str, rematch_of: str) -> bool:
        """Delete room `code`, made for players never sent to it (its making failed part-way:
        a rematch of room `rematch_of` that no notice names; with "", a quick match's), unless
        somebody has a seat in it; return whether it was deleted."""
        touched = [self.key(code, part) for part in ("", "log", "snapshot", "presence")]
        return bool(await self._discard_unseated(keys=touched, args=[rematch_of]))

    async def set_bots(self, code: str, bots: dict[str, str]) -> None:
        """Record which sides server bots play now (an instructor's stand-ins included)."""
        await self.redis.hset(self.key(code), "bots", json.dumps(bots))

    async def timing(self, code: str) -> Timing | None:
        """Return the room's position and turn with its deadline (read together, so that they
        belong together), or None if there is no such room."""
        n, turn, deadline, paused = await self.redis.hmget(
            self.key(code), ["n", "turn", "deadline", "paused"]
        )
        if n is None or turn is None:
            return None
        return Timing(int(n), int(turn), int(deadline) if deadline else None, paused == "1")

    async def position(self, code: str) -> int:
        """Return the room's log position (-1 if there is no such room)."""
        found = await self.redis.hget(self.key(code), "n")
        return -1 if found is None else int(found)

    async def deadline(self, code: str) -> int | None:
        found = await self.redis.hget(self.key(code), "deadline")
        return int(found) if found else None


def _log(key: str) -> tuple[str, ...]:
    """The command that reads a whole log, commit by commit (plain: no Lua copy of it)."""
    return ("XRANGE", key, "-", "+")


def _lines(items: list[tuple[str, dict[str, str]]] | None, n: int) -> list[str]:
    """The first `n` entries of a log read by `_log`, one a string: entries committed after
    the game's end (a chat line another process sent meanwhile) are not the game's."""
    text = "\n".join(value for _, fields in items or [] for value in (fields or {}).values())
    return text.split("\n")[:n] if text else []
