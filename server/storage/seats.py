"""A room's seats, in its meta hash (docs/redis/04-creating-and-seats.md §4): who holds each seat,
by their token's hash, and under what name.

    brink:room:{CODE}   hash   the room's meta (store.py) and, for each seat taken:
                                 seat:SEAT   -> sha256(token)
                                 token:HASH  -> SEAT  (HASH: its first 32 hex digits)
                                 name:SEAT   -> display name
                               and, for a seat given on (REPLACE_SEAT) whose new holder has
                               not connected since:
                                 fresh:SEAT  -> "1"  (deleted by the seat's next connection
                                                      counted, liveness.PRESENCE, and by
                                                      FREE_SEAT)

The seats live and expire with the room's meta, which has its expiry from when it is made and
renewed by the commit script: no script gives them one of their own. A claim reads the room's
`n` with the seat, and writes nothing in a room that is gone (RoomGone): its fields would make a
meta hash with no `n` and no expiry. `fresh:SEAT` tells a seat given on whose new holder has
never connected (`joined.given`: not sat down yet) from one whose holder connected and went
(`away`): the presence hash alone cannot, and a page opened again read the first as the second.
(Older versions kept three hashes of their own, `…:seats`, `…:tokens` and `…:names`: layout.py
carries a room written so across at start-up.)
"""

from __future__ import annotations

import hashlib
from typing import Any, cast

from redis.asyncio import Redis

from server.storage import keys
from server.storage.batch import with_reads
from server.storage.keys import (
    FRESH_FIELD,
    NAME_FIELD,
    ROOM_TTL,
    SEAT_FIELD,
    TOKEN_FIELD,
    TOKEN_FIELD_LUA,
)
from server.storage.liveness import COUNT_PRESENCE, seat_counts
from server.storage.scripts import READ_LOG, SEATED

CLAIM = (
    TOKEN_FIELD_LUA
    + """
-- KEYS[1] the room's meta; ARGV: seat, token hash, name. The seat to the first claimant: 1,
-- or 0 if somebody holds it, -1 if the room is gone (nothing written either way).
local found = redis.call('HMGET', KEYS[1], 'n', 'seat:' .. ARGV[1])
if not found[1] then return -1 end
if found[2] then return 0 end
redis.call('HSET', KEYS[1], 'seat:' .. ARGV[1], ARGV[2],
  token_field(ARGV[2]), ARGV[1], 'name:' .. ARGV[1], ARGV[3])
return 1
"""
)

JOIN_SEAT = (
    TOKEN_FIELD_LUA
    + READ_LOG
    + SEATED
    + COUNT_PRESENCE
    + """
-- KEYS: the room's meta, log, presence; ARGV: seat, token hash, name, ttl, a position, origin,
-- code, edge, other. Give the seat to the first claimant, as CLAIM does, count the connection
-- of `origin` sitting down (PRESENCE, telling the room's other holders `edge` or `other`), and
-- read what the one who sits down is sent: {1, the entries from the position on (ENTRIES), the
-- seats' names (flat), the seat's connections in every process, the presence hash (flat), the
-- seats given on whose new holder has not connected yet (their `fresh:` fields)} — or, nothing
-- written, {0} if the seat is taken, {-1} if the room is gone. One read of the meta serves the
-- claim, the names, the seats given on and the holders to tell.
local all = redis.call('HGETALL', KEYS[1])
local n, holder, holders, mine, fresh = nil, nil, '', 'seat:' .. ARGV[1], {}
for i = 1, #all, 2 do
  if all[i] == 'n' then
    n = all[i + 1]
  elseif all[i] == mine then
    holder = all[i + 1]
  elseif all[i] == 'holders' then
    holders = all[i + 1]
  elseif string.sub(all[i], 1, 6) == 'fresh:' then
    fresh[#fresh + 1] = string.sub(all[i], 7)
  end
end
if not n then return {-1} end
if holder then return {0} end
redis.call('HSET', KEYS[1], mine, ARGV[2], token_field(ARGV[2]), ARGV[1],
  'name:' .. ARGV[1], ARGV[3])
local names = seated(all)
names[#names + 1], names[#names + 2] = ARGV[1], ARGV[3]
local count = count_presence(KEYS[3], KEYS[1], ARGV[1], ARGV[6], 1, ARGV[4], ARGV[7], ARGV[8],
  ARGV[9], holders)
return {1, read_log(KEYS[2], tonumber(ARGV[5])), names, count, redis.call('HGETALL', KEYS[3]),
  fresh}
"""
)

FREE_SEAT = (
    TOKEN_FIELD_LUA
    + """
-- KEYS[1] the room's meta; ARGV[1] the seat; ARGV[2], if given, the hash of the token that
-- must still hold it. Give the seat up (its token holds nothing then, and a seat given on no
-- longer waits for its new holder: `fresh:`): 1 if it was taken (by that token).
local hashed = redis.call('HGET', KEYS[1], 'seat:' .. ARGV[1])
if not hashed then return 0 end
if ARGV[2] and hashed ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], 'seat:' .. ARGV[1], token_field(hashed),
  'name:' .. ARGV[1], 'fresh:' .. ARGV[1])
return 1
"""
)

REPLACE_SEAT = (
    TOKEN_FIELD_LUA
    + """
-- KEYS[1] the room's meta. ARGV: seat, hash of the new token, name. The old token stops
-- holding the seat, which waits for its new holder's first connection (`fresh:SEAT`, until
-- one is counted: liveness.PRESENCE); returns the old holder's name ('' if none), or -1
-- if the room is gone (nothing written).
local found = redis.call('HMGET', KEYS[1], 'n', 'seat:' .. ARGV[1], 'name:' .. ARGV[1])
if not found[1] then return -1 end
if found[2] then redis.call('HDEL', KEYS[1], token_field(found[2])) end
redis.call('HSET', KEYS[1], 'seat:' .. ARGV[1], ARGV[2],
  token_field(ARGV[2]), ARGV[1], 'name:' .. ARGV[1], ARGV[3], 'fresh:' .. ARGV[1], '1')
return found[3] or ''
"""
)


def token_hash(token: str) -> str:
    """Return how a seat token is stored: never the token itself. (A header's bytes that are
    not UTF-8 reach here as lone surrogates — aiohttp's reading of them — and hash too: such a
    token holds no seat, as any other unknown token.)"""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class RoomGone(Exception):
    """The room's meta hash is gone (expired, or never made): no seat was claimed in it."""

    def __init__(self, code: str) -> None:
        super().__init__(f"there is no room {code}")
        self.code = code


def pairs(flat: list[str]) -> dict[str, str]:
    """A hash as a script returns it (`HGETALL` inside Lua: field, value, field, value...)."""
    return dict(zip(flat[::2], flat[1::2], strict=True))


def seat_fields(meta: dict[str, str], kind: str) -> dict[str, str]:
    """Return a room's meta hash's fields of one kind (SEAT_FIELD: seat -> token hash,
    TOKEN_FIELD: token hash -> seat, NAME_FIELD: seat -> name, FRESH_FIELD: seat given on ->
    "1"), without their prefix."""
    return {field[len(kind) :]: value for field, value in meta.items() if field.startswith(kind)}


def without_seats(meta: dict[str, str]) -> dict[str, str]:
    """Return a room's meta hash without its seats' fields: the meta proper."""
    kinds = (SEAT_FIELD, TOKEN_FIELD, NAME_FIELD, FRESH_FIELD)
    return {field: value for field, value in meta.items() if not field.startswith(kinds)}


class Seats:
    """Claims, gives up and reads a room's seats (the Store's part for them)."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._claim = redis.register_script(CLAIM)
        self._join = redis.register_script(JOIN_SEAT)
        self._replace = redis.register_script(REPLACE_SEAT)
        self._free_seat = redis.register_script(FREE_SEAT)

    async def claim_seat(self, code: str, seat: str, token: str, name: str) -> bool:
        """Give `seat` to the holder of `token`; False if somebody holds it already. Raises
        RoomGone if there is no such room."""
        found = int(await self._claim(keys=[keys.room(code)], args=[seat, token_hash(token), name]))
        if found < 0:
            raise RoomGone(code)
        return bool(found)

    async def join_seat(
        self,
        code: str,
        seat: str,
        token: str,
        name: str,
        n: int,
        origin: str,
        told: tuple[str, str],
        *reads: tuple[Any, ...],
    ) -> tuple[list[str], dict[str, str], int, dict[str, int], set[str]] | None:
        """Give `seat` to the holder of `token` as `claim_seat` does and, in the same script,
        count the connection of process `origin` sitting down (as `Liveness.presence` does,
        telling the room's other holders `told`: the message if it is the seat's first
        connection, and if not) and read what it is sent: `entries_and_names` from position
        `n`, the seat's connections in every process, every seat's (this one counted), and the
        seats given on whose new holder has not connected yet (`fresh:`). None, nothing
        written, if somebody holds the seat already; RoomGone if there is no such room.
        `reads`: commands sent in the same exchange (`with_reads`)."""
        args: list[str | int] = [
            seat,
            token_hash(token),
            name,
            ROOM_TTL,
            n + 1,
            origin,
            code,
            *told,
        ]
        touched = [keys.room(code), keys.room(code, "log"), keys.room(code, "presence")]
        if reads:
            found = (await with_reads(self.redis, self._join, touched, args, *reads))[0]
        else:
            found = await self._join(keys=touched, args=args)
        if int(found[0]) < 0:
            raise RoomGone(code)
        if not int(found[0]):
            return None
        entries = str(found[1]).split("\n") if found[1] else []
        fresh = {str(seat) for seat in found[5]}
        return entries, pairs(found[2]), int(found[3]), seat_counts(pairs(found[4])), fresh

    async def replace_seat(self, code: str, seat: str, token: str, name: str) -> str | None:
        """Give `seat` to the holder of `token` whoever held it (their token stops working),
        the seat noted as waiting for its new holder (`fresh:`: not sat down yet, until a
        connection of it is counted); return the name of the holder before, if any. One
        script: all or nothing. Raises RoomGone if there is no such room."""
        found = await self._replace(keys=[keys.room(code)], args=[seat, token_hash(token), name])
        if isinstance(found, int):
            raise RoomGone(code)
        return None if not found else str(found)

    async def free_seat(self, code: str, seat: str) -> bool:
        """Give `seat` up: free for the next claimant, its token holding nothing (and no
        longer waiting for a new holder); False if nobody held it."""
        return bool(await self._free_seat(keys=[keys.room(code)], args=[seat]))

    async def seat_of(self, code: str, token: str) -> str | None:
        """Return the seat whose token this is, or None."""
        found = await self.redis.hget(keys.room(code), keys.token_field(token_hash(token)))
        return cast(str | None, found)

    async def seat_hashes(self, code: str) -> dict[str, str]:
        """Return seat -> the hash of its token, for every seat taken."""
        found = cast(dict[str, str], await self.redis.hgetall(keys.room(code)))
        return seat_fields(found, SEAT_FIELD)

    async def seats(self, code: str) -> dict[str, str]:
        """Return seat -> display name for every seat taken."""
        found = cast(dict[str, str], await self.redis.hgetall(keys.room(code)))
        return seat_fields(found, NAME_FIELD)
