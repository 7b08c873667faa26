"""What lives only while processes live: heartbeats, who is connected where, the timer index.

    {brink}:processes              zset  process origin -> last heartbeat (ms)
    {brink}:process:{origin}:rooms set   rooms where that process counts presence or that it holds
    brink:room:{CODE}:presence     hash  "seat|origin" -> that process's open connections
    {brink}:timers                 zset  room code -> its deadline (ms)
    {brink}:timer-positions        hash  room code -> the log position its deadline is from

Presence is counted per process, so when a process dies without saying goodbye (kill -9, a lost
machine) the others notice its heartbeat stop and take its connections away (`sweep`): the seats
it held are shown as away, its quick-match tickets are dropped. Its connections to Redis close
as it dies, though, well before its heartbeat is old: a ticket nobody listens for any more is
never matched (`MATCH`).

The timer index is only an index: a room's hash holds its turn and deadline together (written by
the commit script), and the timer loop reads them together, so a turn can never be timed out by
a deadline that belonged to the turn before. A process that dies between a commit and its index
update leaves an older, earlier score, which the loop corrects when it comes due.
"""

from __future__ import annotations

import json
from typing import Any, cast

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from server.storage import keys
from server.storage.batch import with_reads
from server.storage.holders import SET_HOLDERS
from server.storage.keys import PROCESS_TIMEOUT_MS, ROOM_TTL
from server.storage.sealed import left_key, seal, taken_key, unseal

COUNT_PRESENCE = """
-- Add `change` to the connections `origin` has to `seat` (the presence hash's field
-- "seat|origin"); return the seat's connections in every process. With `meta` (the room's meta
-- key), tell the room's other holders (server/storage/holders.py): `edge` when the seat's first
-- connection came or its last went, else `other` ('' tells nothing), each led by `code`; return
-- also the room's holders as read for that (nil if not read). `read`: the meta's `holders` as
-- the caller has read it already (nil: read here, if needed).
local function count_presence(presence, meta, seat, origin, change, ttl, code, edge, other, read)
  local field = seat .. '|' .. origin
  local count = redis.call('HINCRBY', presence, field, change)
  if count <= 0 then redis.call('HDEL', presence, field) end
  local total = 0
  local all = redis.call('HGETALL', presence)
  -- A connection coming to a hash it is alone in (new: a hash whose last field goes
  -- disappears) gives it its expiry; the commit script renews it with the room's other keys.
  if change > 0 and #all == 2 then redis.call('EXPIRE', presence, ttl) end
  local prefix = seat .. '|'
  for i = 1, #all, 2 do
    if string.sub(all[i], 1, #prefix) == prefix then total = total + tonumber(all[i + 1]) end
  end
  local holders = nil
  if meta then
    local message = other
    if (change > 0 and total == change) or (change < 0 and total <= 0) then message = edge end
    if message ~= '' then
      holders = read or redis.call('HGET', meta, 'holders') or ''
      for holder in string.gmatch(holders, '%S+') do
        if holder ~= origin then
          redis.call('PUBLISH', 'brink:process:' .. holder, code .. ' ' .. message)
        end
      end
    end
  end
  return total, holders
end
"""
"""A Lua function for the scripts that count a connection coming or going (PRESENCE, and
scripts.JOIN_SEAT: a seat claimed and its first connection counted in one script)."""

PRESENCE = (
    COUNT_PRESENCE
    + SET_HOLDERS
    + """
-- KEYS[1] presence hash; ARGV: seat, origin, change, ttl. Returns the seat's connections in
-- every process. With KEYS[2] (the room's meta) and ARGV[5..7] (code, edge, other), tells the
-- other holders too (count_presence); and with ARGV[8] '1', takes origin out of them (its last
-- connection to the room went: it lets the room go, as holders.HOLD does). One coming (with
-- KEYS[2]): a seat given on waits for its holder no more (its `fresh:SEAT` goes: seats.py).
local change = tonumber(ARGV[3])
if KEYS[2] and change > 0 then redis.call('HDEL', KEYS[2], 'fresh:' .. ARGV[1]) end
local total, holders = count_presence(KEYS[1], KEYS[2], ARGV[1], ARGV[2], change,
  ARGV[4], ARGV[5], ARGV[6], ARGV[7])
if ARGV[8] == '1' then set_holders(KEYS[2], ARGV[2], false, holders) end
return total
"""
)

FORGET = (
    SET_HOLDERS
    + """
-- KEYS[1] presence hash, KEYS[2] the room's meta; ARGV[1] a dead process. Drops its counts and
-- its place among the room's holders; returns the seats that have no connection left anywhere.
local suffix = '|' .. ARGV[1]
local all = redis.call('HGETALL', KEYS[1])
local touched, left = {}, {}
for i = 1, #all, 2 do
  local field = all[i]
  if string.sub(field, -#suffix) == suffix then
    redis.call('HDEL', KEYS[1], field)
    touched[#touched + 1] = string.sub(field, 1, #field - #suffix)
  end
end
for _, seat in ipairs(touched) do
  local total = 0
  for i = 1, #all, 2 do
    if string.sub(all[i], 1, #seat + 1) == seat .. '|' and string.sub(all[i], -#suffix) ~= suffix
    then total = total + tonumber(all[i + 1]) end
  end
  if total == 0 then left[#left + 1] = seat end
end
-- KEYS[2], the room's meta: the dead process holds the room no more (server/storage/holders.py).
set_holders(KEYS[2], ARGV[1], false)
return left
"""
)

INDEX = """
-- KEYS[1] the timer index, KEYS[2] the log position each room's entry was written for;
-- ARGV: code, n, deadline ('' none), finished ('1'). An update for an older position than the
-- one indexed is dropped, so two processes' updates cannot leave an older deadline in place.
local seen = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '-1')
if tonumber(ARGV[2]) < seen then return 0 end
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
end
if ARGV[4] == '1' then
  redis.call('HDEL', KEYS[2], ARGV[1])
else
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
end
return 1
"""

MATCH = """
-- KEYS[1] the queue, KEYS[2] the processes; ARGV: my ticket, the oldest heartbeat still alive,
-- the prefix of a ticket's channel, '1' to ask Redis here who listens on it (one Redis: every
-- subscription is here), then the tickets nobody listens for (a cluster: each node counts its
-- own subscriptions, so they are counted on every node before this script).
-- Take the oldest waiting ticket that a live process still listens for, or queue mine. A ticket
-- of a process not heard from is dropped; one of a live process that nobody listens for (the
-- process has just died, its connections closed, but its heartbeat is not yet old; or its
-- pub/sub connection is being made again) is passed over and kept in its place.
local deaf = {}
for i = 5, #ARGV do deaf[ARGV[i]] = true end
local kept, found = {}, false
while true do
  local other = redis.call('LPOP', KEYS[1])
  if not other then break end
  local item = cjson.decode(other)
  local seen = redis.call('ZSCORE', KEYS[2], item['origin'] or '')
  if seen and tonumber(seen) >= tonumber(ARGV[2]) then
    local ticket = item['ticket'] or ''
    local heard
    if ARGV[4] == '1' then
      heard = redis.call('PUBSUB', 'NUMSUB', ARGV[3] .. ticket)[2] > 0
    else
      heard = not deaf[ticket]
    end
    if heard then
      found = other
      break
    end
    kept[#kept + 1] = other
  end
end
for i = #kept, 1, -1 do redis.call('LPUSH', KEYS[1], kept[i]) end
if found then return found end
redis.call('RPUSH', KEYS[1], ARGV[1])
return false
"""


def at_edge(change: int, count: int) -> bool:
    """Whether a presence change of `change` that left the seat `count` connections was its
    first connection coming or its last going."""
    return count == change if change > 0 else count <= 0


class Liveness:
    """One process's heartbeat and presence counts, and the shared timer index."""

    def __init__(self, redis: Redis, origin: str) -> None:
        self.redis = redis
        self.origin = origin
        self.cluster = isinstance(redis, RedisCluster)
        """On a cluster a subscription is counted by the node it was made on only."""
        self._presence = redis.register_script(PRESENCE)
        self._forget = redis.register_script(FORGET)
        self._match = redis.register_script(MATCH)
        self._index = redis.register_script(INDEX)
        self._listed: set[str] = set()
        """The rooms this process has put in its rooms set (one SADD per room, not per seat)."""

    # ------------------------------------------------------------ processes

    async def beat(self, now_ms: int) -> bool:
        """Say this process is alive (every second or so); return True if it was not listed
        (its first beat, or it stalled long enough to be swept as dead)."""
        added = await self.redis.zadd(keys.PROCESSES, {self.origin: now_ms})
        await self.redis.expire(keys.process_rooms(self.origin), ROOM_TTL)
        if added:  # swept meanwhile (its rooms set deleted): list the rooms again
            self._listed.clear()
        return bool(added)

    async def leave(self) -> None:
        """A clean shutdown: this process is gone (its sockets are closed already)."""
        await self.redis.zrem(keys.PROCESSES, self.origin)
        await self.redis.delete(keys.process_rooms(self.origin))

    async def dead(self, now_ms: int) -> list[str]:
        """Return the processes not heard from in PROCESS_TIMEOUT_MS that this process claims
        to sweep (each dead process is claimed by one process only)."""
        limit = now_ms - PROCESS_TIMEOUT_MS
        found = cast(list[str], await self.redis.zrangebyscore(keys.PROCESSES, "-inf", limit))
        return [origin for origin in found if await self.redis.zrem(keys.PROCESSES, origin)]

    async def forget(self, origin: str) -> dict[str, list[str]]:
        """Drop a dead process's presence, and its place among the holders of the rooms where it
        had connections; return, by room, the seats nobody holds any more."""
        rooms = cast(set[str], await self.redis.smembers(keys.process_rooms(origin)))
        left: dict[str, list[str]] = {}
        for code in sorted(rooms):
            parts = [keys.room(code, "presence"), keys.room(code)]
            seats = await self._forget(keys=parts, args=[origin])
            if seats:
                left[code] = [str(seat) for seat in seats]
        await self.redis.delete(keys.process_rooms(origin))
        return left

    # ------------------------------------------------------------ presence

    async def presence(
        self,
        code: str,
        seat: str,
        change: int,
        tell: tuple[str, str] | None = None,
        let_go: bool = False,
    ) -> int:
        """Add `change` to this process's connections for the seat; return the seat's count
        across every process. `tell`: in the same script, publish to the room's other holders
        its first message if this was the seat's first connection to come or its last to go
        (`at_edge`), else its second ('' publishes nothing). `let_go`: and take this process
        out of the room's holders (`Holders.let_go`), in the same script."""
        parts = [keys.room(code, "presence")]
        args: list[str | int] = [seat, self.origin, change, ROOM_TTL]
        if tell is not None or let_go:
            parts.append(keys.room(code))
            args += [code, *(tell or ("", "")), "1" if let_go else ""]
        listing = self.listing(code) if change > 0 else ()
        if listing:  # listed in the same exchange
            found = (await with_reads(self.redis, self._presence, parts, args, *listing))[0]
            self._listed.add(code)
            return int(found)
        return int(await self._presence(keys=parts, args=args))

    def listing(self, code: str) -> tuple[tuple[str, ...], ...]:
        """The command that lists room `code` in this process's rooms set before its first
        presence here counts (none if listed: one SADD per room, not per seat); the caller
        sends it with the presence and then says `listed`."""
        if code in self._listed:
            return ()
        return (("SADD", keys.process_rooms(self.origin), code),)

    def listed(self, code: str) -> None:
        self._listed.add(code)

    def released(self, code: str) -> None:
        """This process holds the room no more (it stays in the rooms set, for the sweep)."""
        self._listed.discard(code)

    async def present(self, code: str) -> dict[str, int]:
        """Return each seat's open connections in the room, across every process."""
        return seat_counts(
            cast(dict[str, str], await self.redis.hgetall(keys.room(code, "presence")))
        )

    # ------------------------------------------------------------ quick match

    async def match_or_queue(
        self, scenario: str, ticket: dict[str, str], now_ms: int
    ) -> str | None:
        """Return the oldest ticket waiting for `scenario` whose process is alive and listens for
        it, or queue `ticket` (None). A newcomer is never matched with a ticket nobody would
        hear the match of: its process killed a moment ago (heartbeat not yet old) or its
        connection gone."""
        mine = json.dumps({**ticket, "origin": self.origin})
        alive_since = now_ms - PROCESS_TIMEOUT_MS
        queue = keys.queue(scenario)
        prefix = keys.ticket_channel("")
        args: list[str | int] = [mine, alive_since, prefix]
        if self.cluster:
            args += ["", *await self._unheard(queue)]
        else:
            args.append("1")
        found = await self._match(keys=[queue, keys.PROCESSES], args=args)
        return cast(str | None, found)

    async def _unheard(self, queue: str) -> list[str]:
        """The tickets waiting in `queue` that no node of the cluster has a subscriber for."""
        waiting = cast(list[str], await self.redis.lrange(queue, 0, -1))
        tickets = [str(json.loads(item).get("ticket", "")) for item in waiting]
        if not tickets:
            return []
        channels = [keys.ticket_channel(ticket) for ticket in tickets]
        # Summed over every node (redis-py's cluster client adds up their answers).
        counted = await self.redis.pubsub_numsub(*channels, target_nodes="all")
        heard = {str(channel) for channel, count in counted if int(count) > 0}
        return [t for t, channel in zip(tickets, channels, strict=True) if channel not in heard]

    async def unqueue(self, scenario: str, ticket: str, closed: bool = False) -> bool:
        """Take a waiting ticket out of the queue; return whether it was there (False: matched
        or gone already). `closed`: its connection closed — noted for MATCH_TTL, so that the
        player's next queueing (`replaces`) knows no match is coming for it (`left`)."""
        for waiting in cast(list[str], await self.redis.lrange(keys.queue(scenario), 0, -1)):
            if json.loads(waiting).get("ticket") == ticket:
                taken_out = bool(await self.redis.lrem(keys.queue(scenario), 1, waiting))
                if taken_out and closed:
                    await self.redis.set(left_key(ticket), "1", ex=keys.MATCH_TTL)
                return taken_out
        return False

    async def put_back(self, scenario: str, waiting: str) -> None:
        """Put a ticket the match script took (`waiting`, as it returned it) back at the head
        of the queue — the match made with it could not be finished — if somebody still
        listens for it (its connection closed meanwhile, it would wait there for nobody)."""
        channel = keys.ticket_channel(str(json.loads(waiting).get("ticket", "")))
        if self.cluster:  # summed over every node, as `_unheard` counts them
            counted = await self.redis.pubsub_numsub(channel, target_nodes="all")
        else:
            counted = await self.redis.pubsub_numsub(channel)
        if any(int(count) > 0 for _, count in counted):
            await self.redis.lpush(keys.queue(scenario), waiting)

    async def left(self, ticket: str) -> bool:
        """Whether `ticket` was taken out of the queue as its connection closed (`unqueue`)."""
        return bool(await self.redis.exists(left_key(ticket)))

    async def keep_match(self, ticket: str, match: str) -> None:
        """Keep the match made for a waiting ticket (if its process misses the publication)."""
        await self.redis.set(keys.match(ticket), match, ex=keys.MATCH_TTL)

    async def pick_up(self, ticket: str, match: dict[str, Any] | None = None) -> str | None:
        """Take the match kept for `ticket` (its process seats its connection with it; `match`:
        as published, if heard) and keep it on sealed by the ticket (server/storage/sealed.py)
        for as long, for the player's next queueing (`replaces`). Return it (None: none)."""
        found = cast(str | None, await self.redis.getdel(keys.match(ticket)))
        kept = json.loads(found) if found is not None else match
        if kept is not None:
            await self.redis.set(taken_key(ticket), seal(ticket, kept), ex=keys.MATCH_TTL)
        return found

    async def match_for(self, ticket: str) -> dict[str, Any] | None:
        """The match made for `ticket` while it is kept (MATCH_TTL), picked up or not: the same
        player queueing again takes it over (`replaces`)."""
        found = cast(str | None, await self.redis.get(keys.match(ticket)))
        if found is not None:
            return cast(dict[str, Any], json.loads(found))
        sealed = cast(str | None, await self.redis.get(taken_key(ticket)))
        return None if sealed is None else unseal(ticket, sealed)

    # ------------------------------------------------------------ the timer index

    async def schedule(self, code: str, n: int, deadline: int | None, ended: bool = False) -> None:
        """Index the room at the deadline its log position `n` set (None: out of the index;
        `ended`: the room will not change again)."""
        args: list[str | int] = [
            code,
            n,
            "" if deadline is None else deadline,
            "1" if ended else "",
        ]
        await self._index(keys=[keys.TIMERS, keys.TIMER_POSITIONS], args=args)

    async def unindex(self, code: str) -> None:
        """Take a room that no longer exists out of the timer index."""
        await self.redis.zrem(keys.TIMERS, code)
        await self.redis.hdel(keys.TIMER_POSITIONS, code)

    async def due(self, now_ms: int, limit: int = 50) -> list[str]:
        """Return rooms whose indexed deadline has passed (check the room's own before acting)."""
        found = await self.redis.zrangebyscore(keys.TIMERS, "-inf", now_ms, start=0, num=limit)
        return cast(list[str], found)


def seat_counts(presence: dict[str, str]) -> dict[str, int]:
    """A room's presence hash ("seat|origin" -> that process's connections) as each seat's
    connections in every process."""
    counts: dict[str, int] = {}
    for field, count in presence.items():
        seat = field.rpartition("|")[0]
        counts[seat] = counts.get(seat, 0) + int(count)
    return counts
