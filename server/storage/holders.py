"""Which processes hold a room, so that what one commits reaches only the others.

    brink:room:{CODE}         hash field `holders`: the origins of the processes that hold the
                              room loaded, space-separated
    channel brink:process:{origin}   pub/sub: one channel per process, each message led by the
                              room's code and a space (docs/redis/05-loading-and-copies.md §5)

A commit (the commit script) and a presence change publish to each holder's channel but the
committing process's own: a room held by one process publishes nothing, and no process reads
its own commits back. A process adds itself before it reads a room's log (what is committed after
that reaches it) and takes itself off when it lets the room go; one that dies leaves its origin
behind, which costs a PUBLISH to nobody until the room expires.
"""

from __future__ import annotations

from typing import cast

from redis.asyncio import Redis

from server.storage.batch import with_reads
from server.storage.keys import process_rooms

SET_HOLDERS = """
local function set_holders(meta, origin, add, read)
  local kept = {}
  for found in string.gmatch(read or redis.call('HGET', meta, 'holders') or '', '%S+') do
    if found ~= origin then kept[#kept + 1] = found end
  end
  if add then kept[#kept + 1] = origin end
  if #kept == 0 then
    redis.call('HDEL', meta, 'holders')
  else
    redis.call('HSET', meta, 'holders', table.concat(kept, ' '))
  end
  return #kept
end
"""
"""A Lua function for the scripts that change a room's holders (HOLD, liveness.FORGET and
PRESENCE): `origin` taken out of the meta's `holders` (`read`: the field as the script has read
it already, else read here), and put back at the end if `add`; returns how many hold the room
now (a room nobody holds loses the field)."""

HOLD = (
    SET_HOLDERS
    + """
-- KEYS[1] the room's meta; ARGV: origin, '1' hold or '0' let go. Nothing for a room that is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return set_holders(KEYS[1], ARGV[1], ARGV[2] == '1')
"""
)

TELL = """
-- KEYS[1] the room's meta; ARGV: origin, code, message. Publish to every other holder.
local found = redis.call('HGET', KEYS[1], 'holders') or ''
for origin in string.gmatch(found, '%S+') do
  if origin ~= ARGV[1] then
    redis.call('PUBLISH', 'brink:process:' .. origin, ARGV[2] .. ' ' .. ARGV[3])
  end
end
return 1
"""

PUBLISH_TO_HOLDERS = """
local told = meta[HOLDERS] or ''
if told ~= '' then
  local message = ARGV[2]
  if ARGV[9] == '1' then
    message = message .. ARGV[ENTRIES] .. ']}'
  end
  for origin in string.gmatch(told, '%S+') do
    if origin ~= ARGV[ORIGIN] then
      redis.call('PUBLISH', 'brink:process:' .. origin, ARGV[5] .. ' ' .. message)
    end
  end
end
"""
"""The commit script's part that tells the other holders (meta: its HMGET, holders at HOLDERS)."""


def process_channel(origin: str) -> str:
    return f"brink:process:{origin}"


class Holders:
    """Adds and drops this process among a room's holders; tells the others of a presence."""

    def __init__(self, redis: Redis, origin: str) -> None:
        self.redis = redis
        self.origin = origin
        self._hold = redis.register_script(HOLD)
        self._tell = redis.register_script(TELL)

    async def hold(self, meta_key: str, code: str) -> None:
        """Count this process among the room's holders, and list room `code` in this process's
        rooms set (in the same exchange), so that if the process dies the sweep takes it out of
        the room's holders (liveness.forget) even where it had no connection (a room loaded for
        its timer loop)."""
        listing = ("SADD", process_rooms(self.origin), code)
        await with_reads(self.redis, self._hold, [meta_key], [self.origin, "1"], listing)

    async def let_go(self, meta_key: str) -> None:
        await self._hold(keys=[meta_key], args=[self.origin, "0"])

    async def tell(self, meta_key: str, code: str, message: str) -> int:
        return cast(int, await self._tell(keys=[meta_key], args=[self.origin, code, message]))
