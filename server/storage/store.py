"""Everything about rooms that must outlive a process, in Redis (layout: docs/redis.md).

    brink:room:{CODE}            hash   meta (scenario, rules hash, language, timers...), n, turn,
                                        deadline (ms, '' none), paused ('1' while paused)
    brink:room:{CODE}:log        stream one entry per log position n (id "n-1"): event, command,
                                        chat line or notice, as JSON — the truth of the room
    brink:room:{CODE}:snapshot   string {"n": n, "state": GameState} every SNAPSHOT_EVERY entries
    brink:room:{CODE}:seats      hash   seat -> sha256(token)
    brink:room:{CODE}:tokens     hash   sha256(token) -> seat
    brink:room:{CODE}:names      hash   seat -> display name
    brink:room:{CODE}:presence   hash   "seat|process" -> that process's open connections
    brink:rules:{hash}           string the ruleset a room plays, as JSON (shared by rooms)
    {brink}:timers               zset   room code scored by its deadline (an index: the room's
                                        hash has the truth; liveness.py)
    {brink}:queue:{scenario}     list   quick-match tickets waiting
    {brink}:processes            zset   live server processes by last heartbeat (liveness.py)
    channel brink:room:{CODE}    pub/sub: each commit's entries, for the other processes

A commit is one EVALSHA: it checks that the log is still at the position the process built on
(else it refuses: another process got there first), appends the entries, sets the turn and its
deadline, refreshes expiry and publishes — all or nothing, one round trip (the commit that ends
a game also returns the whole log, for the archive). The keys it touches share the room's hash
tag, so it runs on a Redis Cluster too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, cast

from redis.asyncio import Redis

from server.storage import keys
from server.storage.keys import FINISHED_TTL, ROOM_TTL, RULES_TTL

SNAPSHOT_EVERY = 50

COMMIT = """
-- ARGV: expected n, publish payload, deadline ('' keep, '0' none, else ms), turn, code,
--       snapshot ('' none), ttl seconds, archive ('1': also return the whole log),
--       entries ('1': the payload is only the head of the message, which continues with the
--       entries joined by commas and ends with ']}'), paused ('' keep, '0' no, '1' yes),
--       entries...
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '-1')
if n ~= tonumber(ARGV[1]) then return -1 end
for i = 11, #ARGV do
  n = n + 1
  redis.call('XADD', KEYS[2], n .. '-1', 'e', ARGV[i])
end
redis.call('HSET', KEYS[1], 'n', n, 'turn', ARGV[4])
if ARGV[3] == '0' then
  redis.call('HSET', KEYS[1], 'deadline', '')
elseif ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], 'deadline', ARGV[3])
end
if ARGV[10] ~= '' then redis.call('HSET', KEYS[1], 'paused', ARGV[10]) end
if ARGV[6] ~= '' then redis.call('SET', KEYS[3], ARGV[6]) end
local ttl = tonumber(ARGV[7])
for i = 1, #KEYS do
  redis.call('EXPIRE', KEYS[i], ttl)
end
local message = ARGV[2]
if ARGV[9] == '1' then
  message = message .. table.concat(ARGV, ',', 11) .. ']}'
end
redis.call('PUBLISH', 'brink:room:' .. ARGV[5], message)
if ARGV[8] == '1' then
  local lines = {}
  for _, item in ipairs(redis.call('XRANGE', KEYS[2], '-', '+')) do
    lines[#lines + 1] = item[2][2]
  end
  return {n, table.concat(lines, '\\n')}
end
return n
"""


FREE_SEAT = """
-- KEYS: seats, tokens, names; ARGV[1]: the seat. Give the seat up: 1 if it was taken.
local hashed = redis.call('HGET', KEYS[1], ARGV[1])
if not hashed then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], hashed)
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
"""


ENTRIES = """
-- The log entries from position ARGV[1] on, as one text (one per line): one reply to parse
-- instead of a nested one per entry.
local lines = {}
for _, item in ipairs(redis.call('XRANGE', KEYS[1], ARGV[1] .. '-0', '+')) do
  lines[#lines + 1] = item[2][2]
end
return table.concat(lines, '\\n')
"""


def token_hash(token: str) -> str:
    """Return how a seat token is stored: never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


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
    """Also return the room's whole log (see `Store.commit_log`): the game ends here."""
    publish_head: bool = False
    """`publish` is only the head of the message: the script appends the entries, joined by
    commas, and `]}` (so the entries cross to Redis once, not twice)."""
    paused: bool | None = None
    """Whether the room is paused after this commit (None: as it was)."""


@dataclass(frozen=True, slots=True)
class Timing:
    """A room's current turn and its deadline, read together (so they always belong together)."""

    n: int
    turn: int
    deadline: int | None
    paused: bool


class Store:
    """Reads and writes rooms; every method is one or a few Redis round trips."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._commit = redis.register_script(COMMIT)
        self._entries = redis.register_script(ENTRIES)
        self._free_seat = redis.register_script(FREE_SEAT)

    @staticmethod
    def key(code: str, part: str = "") -> str:
        return keys.room(code, part)

    async def create_room(
        self, code: str, meta: dict[str, str], rules_hash: str, rules: str
    ) -> bool:
        """Reserve `code` and write the room's meta; False if the code is taken."""
        if not await self.redis.hsetnx(self.key(code), "n", "0"):
            return False
        fields: dict[Any, Any] = {**meta, "turn": "0", "rules_hash": rules_hash, "deadline": ""}
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self.key(code), mapping=fields)
            pipe.expire(self.key(code), ROOM_TTL)
            await pipe.execute()
        # Not in the same transaction: the ruleset lives on another node of a cluster.
        await self.redis.set(keys.rules(rules_hash), rules, ex=RULES_TTL)
        return True

    async def meta(self, code: str) -> dict[str, str] | None:
        found = cast(dict[str, str], await self.redis.hgetall(self.key(code)))
        return found or None

    async def rules_json(self, rules_hash: str) -> str | None:
        """Return the ruleset stored under its hash (and keep it as long again)."""
        return cast(str | None, await self.redis.getex(keys.rules(rules_hash), ex=RULES_TTL))

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

    async def commit(self, commit: Commit) -> int | None:
        """Write the commit atomically; return the new log position, or None on a conflict."""
        found = await self.commit_log(commit)
        return None if found is None else found[0]

    async def commit_log(self, commit: Commit) -> tuple[int, list[str]] | None:
        """Write the commit atomically; return the new log position and, for a commit marked
        `archive`, every entry of the log as stored (else none); None on a conflict. Still one
        round trip: a finished game is archived without reading its log again."""
        code = commit.code
        touched = [
            self.key(code),
            self.key(code, "log"),
            self.key(code, "snapshot"),
            self.key(code, "seats"),
            self.key(code, "tokens"),
            self.key(code, "names"),
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
            *commit.entries,
        ]
        result = await self._commit(keys=touched, args=args)
        if isinstance(result, list):
            return int(result[0]), str(result[1]).split("\n")
        return None if int(result) < 0 else (int(result), [])

    async def claim_seat(self, code: str, seat: str, token: str, name: str) -> bool:
        """Give `seat` to the holder of `token`; False if somebody holds it already."""
        hashed = token_hash(token)
        if not await self.redis.hsetnx(self.key(code, "seats"), seat, hashed):
            return False
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self.key(code, "tokens"), hashed, seat)
            pipe.hset(self.key(code, "names"), seat, name)
            for part in ("seats", "tokens", "names"):
                pipe.expire(self.key(code, part), ROOM_TTL)
            await pipe.execute()
        return True

    async def free_seat(self, code: str, seat: str) -> bool:
        """Give `seat` up: free for the next claimant, its token holding nothing; False if
        nobody held it."""
        parts = [self.key(code, part) for part in ("seats", "tokens", "names")]
        return bool(await self._free_seat(keys=parts, args=[seat]))

    async def seat_of(self, code: str, token: str) -> str | None:
        """Return the seat whose token this is, or None."""
        return cast(str | None, await self.redis.hget(self.key(code, "tokens"), token_hash(token)))

    async def seat_hashes(self, code: str) -> dict[str, str]:
        """Return seat -> the hash of its token, for every seat taken."""
        return cast(dict[str, str], await self.redis.hgetall(self.key(code, "seats")))

    async def seats(self, code: str) -> dict[str, str]:
        """Return seat -> display name for every seat taken."""
        return cast(dict[str, str], await self.redis.hgetall(self.key(code, "names")))

    async def timing(self, code: str) -> Timing | None:
        """Return the room's turn with its deadline, or None if there is no such room."""
        n, turn, deadline, paused = await self.redis.hmget(
            self.key(code), ["n", "turn", "deadline", "paused"]
        )
        if n is None or turn is None:
            return None
        return Timing(int(n), int(turn), int(deadline) if deadline else None, paused == "1")

    async def deadline(self, code: str) -> int | None:
        found = await self.redis.hget(self.key(code), "deadline")
        return int(found) if found else None
