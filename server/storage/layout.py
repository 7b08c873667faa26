"""Rooms written by an older version, carried across to this version's layout at start-up.

Redis outlives a server upgrade (the embedded Redis keeps its data directory), so a room in
flight must go on under the new version. Until layout 2 a room's seats were three hashes of
their own:

    brink:room:{CODE}:seats    hash   seat -> sha256(token)
    brink:room:{CODE}:tokens   hash   sha256(token) -> seat
    brink:room:{CODE}:names    hash   seat -> display name

Layout 2 keeps them in the room's meta hash (`seat:SEAT`, `token:HASH`, `name:SEAT`: seats.py).
Every `brink serve` process, as it starts, unless `{brink}:layout` says "2": finds the old
hashes (SCAN; on a Redis Cluster, every primary), moves each room's into its meta (the CARRY
script, one room at a time: idempotent, so processes starting together do no harm), then sets
`{brink}:layout` so that later starts skip the scan. Every process of the older version must be
stopped before the new one starts: one still running would write the old hashes again.
"""

from __future__ import annotations

import logging
import time

from redis.asyncio import Redis

from server.storage import keys

log = logging.getLogger("brink.layout")

LAYOUT = "2"
"""The layout this version writes (`{brink}:layout` once every older room is carried across)."""
OLD_PARTS = ("seats", "tokens", "names")
"""The hashes a room's seats were in before layout 2 (their fields' prefixes now: CARRY)."""

CARRY = (
    keys.TOKEN_FIELD_LUA
    + """
-- KEYS: a room's meta, then its old seats, tokens and names hashes. Moves their fields into
-- the meta as seat:SEAT, token:HASH and name:SEAT, and deletes them; a room whose meta is gone
-- only loses the orphans (fields would make a meta with no `n` and no expiry). Returns how many
-- fields were moved.
local moved = {}
if redis.call('EXISTS', KEYS[1]) == 1 then
  for i, prefix in ipairs({'seat:', 'token:', 'name:'}) do
    local all = redis.call('HGETALL', KEYS[i + 1])
    for j = 1, #all, 2 do
      local field = i == 2 and token_field(all[j]) or prefix .. all[j]
      moved[#moved + 1], moved[#moved + 2] = field, all[j + 1]
    end
  end
  if #moved > 0 then redis.call('HSET', KEYS[1], unpack(moved)) end
end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
return #moved / 2
"""
)


def old_room(key: str) -> str | None:
    """Return the room code of an old seats, tokens or names hash's key (else None)."""
    head = keys.room("")[: -len("}")]  # brink:room:{
    for part in OLD_PARTS:
        tail = f"}}:{part}"
        if key.startswith(head) and key.endswith(tail) and len(key) > len(head) + len(tail):
            return key[len(head) : -len(tail)]
    return None


async def carry_over(redis: Redis) -> int:
    """Carry every room written by an older version across to this layout, unless done;
    return how many rooms this process carried (0 when `{brink}:layout` says it was done; a
    room whose meta is gone only loses its old hashes, and is not counted)."""
    if await redis.get(keys.LAYOUT) == LAYOUT:
        return 0
    await _warn_of_others(redis)
    codes: set[str] = set()
    # One walk of the keyspace (MATCH filters on the server; on a cluster, every primary's).
    async for key in redis.scan_iter(match="brink:room:*s", count=1000):
        code = old_room(str(key))
        if code is not None:
            codes.add(code)
    carry = redis.register_script(CARRY)
    carried = 0  # the rooms this process moved: not those another starting at once moved first
    for code in sorted(codes):
        parts = [keys.room(code), *(keys.room(code, part) for part in OLD_PARTS)]
        carried += int(await carry(keys=parts)) > 0
    await redis.set(keys.LAYOUT, LAYOUT)
    if carried:
        rooms = "1 room" if carried == 1 else f"{carried} rooms"
        log.info("carried %s across to key layout %s (seats in the meta)", rooms, LAYOUT)
    return carried


async def _warn_of_others(redis: Redis) -> None:
    """Log a warning if other processes are serving this Redis as this one carries the rooms
    across (this one has no heartbeat yet; one of this version would have finished already): an
    older one goes on writing the old hashes, which no later start carries."""
    since = int(time.time() * 1000) - keys.PROCESS_TIMEOUT_MS
    alive = int(await redis.zcount(keys.PROCESSES, since, "+inf"))
    if alive and await redis.get(keys.LAYOUT) != LAYOUT:  # not one that has just carried them
        others = "1 other process is" if alive == 1 else f"{alive} other processes are"
        log.warning(
            "%s serving this Redis while its rooms are carried across to key layout %s: if"
            " any runs an older version, stop it, then delete %s and start one process again"
            " to carry across what it wrote (docs/redis.md §15)",
            others,
            LAYOUT,
            keys.LAYOUT,
        )
