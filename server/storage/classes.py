"""Class sessions in Redis (docs/redis.md, docs/classroom.md): what an instructor set up, who
joined it and where each student sits, readable by every server process.

    {brink}:class:{CODE}           hash    doc (the class as JSON), v (its version, bumped by
                                           every change)
    {brink}:class:{CODE}:tokens    hash    sha256(class token) -> student id; "s:" + id -> that
                                           hash (to revoke a student's token)
    {brink}:classes:{owner}        zset    the owner's class codes by when they were made (ms)
    {brink}:class-of:{ROOM}        string  the code of the class whose room ROOM is (written
                                           with the class, for each of its rooms)
    {brink}:setups:{owner}         hash    set-up name -> the saved set-up (JSON); no expiry:
                                           kept for next term
    channel brink:class:{CODE}             pub/sub: what changed (for dashboards) and what the
                                           class's students are told (their seat moved, ...)

Every change is a compare-and-set on the version (one script): two processes placing students at
once never overwrite each other; the loser reads again and decides again. A change that drops a
room never played (server/classroom/unplayed.py) is written only if the room's log has not moved
on since it was judged (its meta's `n`, checked by the same script). A class's keys expire
CLASS_TTL after its last change; so do its rooms' `class-of` keys, set again by every change (a
room dropped from the class keeps its key until then: readers check the class still lists it).

Students' seats are a room's own seats (its meta hash's fields, seats.py): `give_seat` hands a
seat to a token's hash (taking it from whoever held it), `free_seat` empties it; the old
holder's token stops working. A room that is gone is left alone (its seat is not given).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from server.storage import keys
from server.storage.keys import SEAT_FIELD, TOKEN_FIELD_LUA
from server.storage.seats import FREE_SEAT

CLASS_TTL = 30 * 24 * 3600
"""Seconds a class lives after its last change (its rooms' records live on in the archive)."""

SAVE = """
-- KEYS: the class hash, its tokens hash, the owner's list, then each of the class's rooms'
--       class-of key, then the meta of each room the change drops (ARGV 7 of them)
-- ARGV: expected version ('' for a new class), new version, doc, ttl, created (ms), code,
--       how many rooms the change drops, each one's log position as it was judged unplayed
--       at, then token fields and values in pairs
-- Returns 1, or 0 (nothing written) if another change came first or a room dropped has moved
-- on since it was judged (a move committed there meanwhile: it was played after all).
local v = redis.call('HGET', KEYS[1], 'v')
if ARGV[1] == '' then
  if v then return 0 end
elseif v ~= ARGV[1] then
  return 0
end
local dropped = tonumber(ARGV[7])
local metas = #KEYS - dropped
for i = 1, dropped do
  local n = redis.call('HGET', KEYS[metas + i], 'n')
  if not n or tonumber(n) ~= tonumber(ARGV[7 + i]) then return 0 end
end
redis.call('HSET', KEYS[1], 'doc', ARGV[3], 'v', ARGV[2])
for i = 8 + dropped, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
local ttl = tonumber(ARGV[4])
redis.call('EXPIRE', KEYS[1], ttl)
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ttl) end
if ARGV[1] == '' then
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
  redis.call('EXPIRE', KEYS[3], ttl)
end
for i = 4, metas do
  redis.call('SET', KEYS[i], ARGV[6], 'EX', ttl)
end
return 1
"""

GIVE_SEAT = (
    TOKEN_FIELD_LUA
    + """
-- KEYS[1] the room's meta. ARGV: seat, token hash, name. The seat goes to the token's holder;
-- whoever held it before loses it. Returns 1, or 0 if they held it already (the name is set
-- again), -1 if the room is gone (nothing written: the seat fields would make a meta hash with
-- no `n` and no expiry).
local found = redis.call('HMGET', KEYS[1], 'n', 'seat:' .. ARGV[1])
if not found[1] then return -1 end
local old = found[2]
if old == ARGV[2] then
  redis.call('HSET', KEYS[1], 'name:' .. ARGV[1], ARGV[3])
  return 0
end
if old then redis.call('HDEL', KEYS[1], token_field(old)) end
redis.call('HSET', KEYS[1], 'seat:' .. ARGV[1], ARGV[2],
  token_field(ARGV[2]), ARGV[1], 'name:' .. ARGV[1], ARGV[3])
return 1
"""
)


def class_key(code: str, part: str = "") -> str:
    return f"{{brink}}:class:{code}" + (f":{part}" if part else "")


def owner_key(owner: str) -> str:
    return f"{{brink}}:classes:{owner}"


def class_of_key(room: str) -> str:
    """The key naming the class room `room` belongs to (in the class keys' hash slot, so the
    SAVE script writes it in a Redis Cluster too)."""
    return f"{{brink}}:class-of:{room}"


def setups_key(owner: str) -> str:
    return f"{{brink}}:setups:{owner}"


class ClassStore:
    """Reads and writes class sessions; each method is one or a few round trips."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._save = redis.register_script(SAVE)
        self._give = redis.register_script(GIVE_SEAT)
        self._free = redis.register_script(FREE_SEAT)

    # ------------------------------------------------------------ the class document

    async def read(self, code: str) -> tuple[str, int] | None:
        """Return the class's document and its version, or None if there is no such class."""
        doc, version = await self.redis.hmget(class_key(code), ["doc", "v"])
        if doc is None or version is None:
            return None
        return str(doc), int(version)

    async def read_many(self, codes: Sequence[str]) -> list[tuple[str, int] | None]:
        """Return each class's document and version (None for a class that is not there), in
        one exchange with Redis."""
        if not codes:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for code in codes:
                pipe.hmget(class_key(code), ["doc", "v"])
            found = await pipe.execute()
        return [
            None if doc is None or version is None else (str(doc), int(version))
            for doc, version in found
        ]

    async def save(
        self,
        code: str,
        owner: str,
        doc: str,
        expected: int | None,
        created_ms: int = 0,
        tokens: dict[str, str] | None = None,
        rooms: Sequence[str] = (),
        dropped: Mapping[str, int] | None = None,
    ) -> bool:
        """Write `doc` if the class is still at version `expected` (None: only if there is no
        such class yet, and list it under `owner`); also set `tokens` fields, and name the
        class as the class of each of `rooms` (its rooms: `class_of`). `dropped`: the rooms
        the change drops from the class as never played, each with the log position it was
        judged so at; written only if each room's log is there still (its meta's `n`, checked
        in the same script: a move committed meanwhile keeps the room). False if another
        change came first, or such a room has moved on.

        On a Redis Cluster a room's meta lives in its own slot (`{CODE}`), which one script
        with the class's keys (`{brink}`) cannot touch: there the rooms' positions are read
        just before the script instead (docs/redis/12-redis-cluster.md)."""
        pairs = [x for item in (tokens or {}).items() for x in item]
        new_version = 1 if expected is None else expected + 1
        checked = dict(dropped or {})
        if checked and isinstance(self.redis, RedisCluster):
            if not await self._still_at(checked):
                return False
            checked = {}
        written = await self._save(
            keys=[
                class_key(code),
                class_key(code, "tokens"),
                owner_key(owner),
                *(class_of_key(room) for room in rooms),
                *(keys.room(room) for room in checked),
            ],
            args=[
                "" if expected is None else str(expected),
                str(new_version),
                doc,
                CLASS_TTL,
                created_ms,
                code,
                len(checked),
                *checked.values(),
                *pairs,
            ],
        )
        return int(written) == 1

    async def _still_at(self, positions: Mapping[str, int]) -> bool:
        """Whether each room's log is at the position given (read room by room)."""
        for room, n in positions.items():
            found = await self.redis.hget(keys.room(room), "n")
            if found is None or int(found) != n:
                return False
        return True

    async def class_of(self, room: str) -> str | None:
        """Return the code of the class that made room `room` (None: no class's, or the
        class has expired). A room the class no longer lists keeps its class until the
        class's next change: check the class's rooms."""
        found = await self.redis.get(class_of_key(room))
        return None if found is None else str(found)

    async def student_of(self, code: str, token_hash: str) -> str | None:
        """Return the student id that a class token (by its hash) belongs to."""
        found = await self.redis.hget(class_key(code, "tokens"), token_hash)
        return None if found is None else str(found)

    async def token_hash_of(self, code: str, student: str) -> str | None:
        found = await self.redis.hget(class_key(code, "tokens"), f"s:{student}")
        return None if found is None else str(found)

    async def revoke(self, code: str, student: str) -> None:
        """Make the student's class token stop working (they may join again)."""
        hashed = await self.token_hash_of(code, student)
        fields = [f"s:{student}"] + ([hashed] if hashed else [])
        await self.redis.hdel(class_key(code, "tokens"), *fields)

    async def codes_of(self, owner: str) -> list[str]:
        """Return the owner's class codes, newest first (those that have not expired)."""
        codes = [str(c) for c in await self.redis.zrevrange(owner_key(owner), 0, 199)]
        if not codes:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for code in codes:
                pipe.exists(class_key(code))
            alive = await pipe.execute()
        gone = [code for code, there in zip(codes, alive, strict=True) if not there]
        if gone:
            await self.redis.zrem(owner_key(owner), *gone)
        return [code for code, there in zip(codes, alive, strict=True) if there]

    async def publish(self, code: str, message: str) -> None:
        await self.redis.publish(keys.class_channel(code), message)

    # ------------------------------------------------------------ saved set-ups

    async def setups(self, owner: str) -> dict[str, str]:
        return cast(dict[str, str], await self.redis.hgetall(setups_key(owner)))

    async def put_setup(self, owner: str, name: str, setup: str) -> None:
        await self.redis.hset(setups_key(owner), name, setup)

    async def delete_setup(self, owner: str, name: str) -> bool:
        return bool(await self.redis.hdel(setups_key(owner), name))

    # ------------------------------------------------------------ seats in the class's rooms

    async def give_seat(self, room: str, seat: str, token_hash: str, name: str) -> bool:
        """Give `seat` of `room` to the holder of the token with this hash (whoever held it
        loses it); return False if they held it already, or if the room is gone (nothing
        written: its token then finds no room, `room_not_found`)."""
        given = await self._give(keys=[keys.room(room)], args=[seat, token_hash, name])
        return int(given) == 1

    async def free_seat(self, room: str, seat: str, held_by: str | None = None) -> bool:
        """Empty `seat` of `room`: its token stops working. Return whether anybody held it;
        `held_by`: only if the token with this hash still holds it (`seat_hash`)."""
        args = [seat] if held_by is None else [seat, held_by]
        return int(await self._free(keys=[keys.room(room)], args=args)) == 1

    async def seat_hash(self, room: str, seat: str) -> str | None:
        found = await self.redis.hget(keys.room(room), SEAT_FIELD + seat)
        return None if found is None else str(found)
