"""The Lua scripts of a room's keys (store.py; the layout and each script: docs/redis.md §3).
Each touches only keys of one room (its hash tag), so it runs on a Redis Cluster too."""

from __future__ import annotations

from server.storage.holders import PUBLISH_TO_HOLDERS

RENEW_EVERY_MS = 3600 * 1000
"""A room's keys get their expiry again at most this often while the game goes on (and on every
commit once it is over): a room expires between ROOM_TTL - 1 h and ROOM_TTL after its last
commit, and a commit does not re-expire seven keys."""

COMMIT = """
-- KEYS: the room's meta, log, snapshot, seats, tokens, names, presence (docs/redis.md §3).
-- ARGV: 1 expected n, 2 publish payload (or its head: see 9), 3 deadline ('' keep, '0' none,
--       else ms), 4 turn, 5 code, 6 snapshot ('' none), 7 ttl seconds, 8 archive ('1': also
--       return the whole log), 9 '1': ARGV 2 is the head of the payload, which continues with
--       the entries joined by commas and ends with ']}', 10 paused ('' keep, '0' no, '1' yes),
--       11 now (ms), 12 '1': expire every key now (the game is over), 13 the committing
--       process (its origin: the other holders are told), 14... the entries.
-- Returns -1 (another process committed first: nothing written), or {n, index[, log, names,
-- seats]}: index 1 when the timer index must be updated (the deadline appeared, moved earlier,
-- or the one before had passed); when ARGV 8 is '1', every entry and the seats' names and
-- token hashes (HGETALL, flat), for the record of the game.
local meta = redis.call('HMGET', KEYS[1], 'n', 'deadline', 'renewed', 'holders')
local n = tonumber(meta[1] or '-1')
if n ~= tonumber(ARGV[1]) then return -1 end
local first, last, now = n + 1, n + #ARGV - 13, tonumber(ARGV[11])
-- One stream entry per commit: id LAST-FIRST, field b, the entries one per line.
redis.call('XADD', KEYS[2], last .. '-' .. first, 'b', table.concat(ARGV, '\\n', 14))
local fields = {'n', last, 'turn', ARGV[4]}
local index = 0
if ARGV[3] == '0' then
  fields[#fields + 1], fields[#fields + 2] = 'deadline', ''
elseif ARGV[3] ~= '' then
  fields[#fields + 1], fields[#fields + 2] = 'deadline', ARGV[3]
  -- The index may hold an earlier deadline than the room's, never a later one: the one
  -- before was indexed (or corrected) no later than itself, so it needs no update while
  -- that one is still ahead and the new one is no earlier.
  local before = tonumber(meta[2] or '')
  if before == nil or before <= now or tonumber(ARGV[3]) < before then index = 1 end
end
if ARGV[10] ~= '' then fields[#fields + 1], fields[#fields + 2] = 'paused', ARGV[10] end
local renewed = tonumber(meta[3] or '')
local renew = ARGV[12] == '1' or (renewed ~= nil and now - renewed >= RENEW_MS)
if renew or renewed == nil then
  fields[#fields + 1], fields[#fields + 2] = 'renewed', ARGV[11]
end
redis.call('HSET', KEYS[1], unpack(fields))
local ttl = tonumber(ARGV[7])
if ARGV[6] ~= '' then redis.call('SET', KEYS[3], ARGV[6], 'EX', ttl) end
if renew then
  for i = 1, #KEYS do
    redis.call('EXPIRE', KEYS[i], ttl)
  end
elseif renewed == nil then
  -- The room's first commit: the log is new; the other keys got their expiry when made.
  redis.call('EXPIRE', KEYS[2], ttl)
end
PUBLISH_TO_HOLDERS
if ARGV[8] == '1' then
  local lines = {}
  for _, item in ipairs(redis.call('XRANGE', KEYS[2], '-', '+')) do
    lines[#lines + 1] = item[2][2]
  end
  local names, seats = redis.call('HGETALL', KEYS[6]), redis.call('HGETALL', KEYS[4])
  return {last, index, table.concat(lines, '\\n'), names, seats}
end
return {last, index}
""".replace("RENEW_MS", str(RENEW_EVERY_MS)).replace(
    "PUBLISH_TO_HOLDERS",
    PUBLISH_TO_HOLDERS.replace("HOLDERS", "4").replace("FIRST_ENTRY", "14").replace("ORIGIN", "13"),
)


CREATE = """
-- KEYS[1] the room's meta; ARGV: ttl, then field, value, ... Reserve the code (0 if taken)
-- and write the meta with its expiry.
if redis.call('HSETNX', KEYS[1], 'n', '0') == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""

CLAIM = """
-- KEYS: the room's seats, tokens, names; ARGV: seat, token hash, name, ttl. Give the seat to
-- the first claimant (0 if it is taken).
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
for i = 1, 3 do
  redis.call('EXPIRE', KEYS[i], ARGV[4])
end
return 1
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


READ_LOG = """
-- The log entries from position `from` on, as one text (one per line): one reply to parse
-- instead of a nested one per entry. A stream entry holds a commit's entries (field b, id
-- LAST-FIRST, one entry a line: the lines before `from` are cut off) or, if written before
-- commits were batched, one entry (field e, id N-1).
local function read_log(key, from)
  local lines = {}
  for _, item in ipairs(redis.call('XRANGE', key, from .. '-0', '+')) do
    local text = item[2][2]
    if item[2][1] == 'b' then
      local skip = from - tonumber(string.match(item[1], '%-(%d+)$'))
      local at = 1
      while skip > 0 do
        at = string.find(text, '\\n', at, true) + 1
        skip = skip - 1
      end
      if at > 1 then text = string.sub(text, at) end
    end
    lines[#lines + 1] = text
  end
  return table.concat(lines, '\\n')
end
"""

ENTRIES = (
    READ_LOG
    + """
-- KEYS[1] the room's log; ARGV[1] a position: the entries from there on.
return read_log(KEYS[1], tonumber(ARGV[1]))
"""
)

JOIN_SEAT = (
    READ_LOG
    + """
-- KEYS: the room's seats, tokens, names, log; ARGV: seat, token hash, name, ttl, a position.
-- Give the seat to the first claimant, as CLAIM does, and then read what the one who sits down
-- is sent: {1, the entries from the position on (ENTRIES), the seats' names (HGETALL)} — or
-- {0} if the seat is taken.
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return {0} end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
for i = 1, 3 do
  redis.call('EXPIRE', KEYS[i], ARGV[4])
end
return {1, read_log(KEYS[4], tonumber(ARGV[5])), redis.call('HGETALL', KEYS[3])}
"""
)


REPLACE_SEAT = """
-- KEYS: seats, tokens, names. ARGV: seat, hash of the new token, name, ttl.
-- The old token stops holding the seat; returns the old holder's name ('' if none).
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then redis.call('HDEL', KEYS[2], old) end
local before = redis.call('HGET', KEYS[3], ARGV[1]) or ''
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], tonumber(ARGV[4])) end
return before
"""
