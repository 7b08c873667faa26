"""The Lua scripts of a room's keys (store.py; the layout and each script:
docs/redis/03-commit-script.md §3). Each touches only keys of one room (its hash tag), so it runs on
a Redis Cluster too."""

from __future__ import annotations

from server.storage.holders import PUBLISH_TO_HOLDERS

RENEW_EVERY_MS = 3600 * 1000
"""A room's keys get their expiry again at most this often while the game goes on (and on every
commit once it is over): a room expires between ROOM_TTL - 1 h and ROOM_TTL after its last
commit, and a commit does not re-expire four keys."""

SEATED = """
-- A room's seats, from its meta hash as HGETALL returns it (flat): its `name:SEAT` fields
-- (seat -> display name) and its `seat:SEAT` fields (seat -> its token's hash), each as a flat
-- list (seat, value, seat, value...) in the hash's order.
local function seated(all)
  local names, seats = {}, {}
  for i = 1, #all, 2 do
    local kind = string.sub(all[i], 1, 5)
    if kind == 'name:' then
      names[#names + 1], names[#names + 2] = string.sub(all[i], 6), all[i + 1]
    elseif kind == 'seat:' then
      seats[#seats + 1], seats[#seats + 2] = string.sub(all[i], 6), all[i + 1]
    end
  end
  return names, seats
end
"""
"""A Lua function for the scripts that read who sits where (COMMIT at a game's end, JOIN_SEAT)."""

COMMIT = (
    SEATED
    + """
-- KEYS: the room's meta, log, snapshot, presence (docs/redis.md §3).
-- ARGV: 1 expected n, 2 publish payload (or its head: see 9), 3 deadline ('' keep, '0' none,
--       else ms), 4 turn, 5 code, 6 snapshot ('' none), 7 ttl seconds, 8 archive ('1': also
--       return who sits where), 9 '1': ARGV 2 is the head of the payload, which continues with
--       the entries, one a line (the receiver reads the line breaks as commas), and ends with
--       ']}', 10 paused ('' keep, '0' no, '1' yes), 11 now (ms), 12 '1': expire every key now
--       (the game is over), 13 the committing process (its origin: the other holders are
--       told), 14 how many entries, 15 the entries, one a line (one argument, not one each:
--       Redis makes one string of it instead of one an entry and then joining them).
-- Returns -1 (another process committed first, or the room is gone: nothing written),
-- {-2, n, id} (the log and `n` disagree: the stream has had an entry, id, at or past n + 1 —
-- entries deleted and `n` set back; nothing written), or {n, index[, names, seats]}:
-- index 1 when the timer index must be updated (the deadline appeared, moved earlier, or the
-- one before had passed); when ARGV 8 is '1', the seats' names and token hashes (flat: seat,
-- value, ...; read from the meta's `name:` and `seat:` fields) as the game ended, for its
-- record (whose log is read after the commit, with a plain XRANGE: Lua copying a whole log
-- into a table and a string cost Redis ~200 us, on the game's last move).
local meta = redis.call('HMGET', KEYS[1], 'n', 'deadline', 'renewed', 'holders')
local n = tonumber(meta[1] or '-1')
if n ~= tonumber(ARGV[1]) then return -1 end
local first, last, now = n + 1, n + tonumber(ARGV[14]), tonumber(ARGV[11])
-- One stream entry per commit: id FIRST-0, one field named LAST, the entries one per line.
-- Redis refuses an id no greater than the stream's last (deleted entries count): with `n`
-- checked, that means the log and the meta disagree. Refused before anything is written;
-- only then is the stream's last id read, to tell it from Redis's own errors (out of memory).
local added = redis.pcall('XADD', KEYS[2], first .. '-0', last, ARGV[15])
if type(added) == 'table' and added.err then
  UNDO_CREATE
  local info = redis.pcall('XINFO', 'STREAM', KEYS[2])
  if type(info) == 'table' and not info.err then
    for i = 1, #info - 1, 2 do
      if info[i] == 'last-generated-id' then
        local top = tonumber(string.match(info[i + 1], '^(%d+)'))
        if top ~= nil and top >= first then return {-2, n, info[i + 1]} end
      end
    end
  end
  return added
end
local fields = {'n', last}
CREATE_FIELDS
local index = 0
if ARGV[3] == '0' then
  if (meta[2] or '') ~= '' then fields[#fields + 1], fields[#fields + 2] = 'deadline', '' end
elseif ARGV[3] ~= '' then
  -- The turn is only read with its deadline (the timer loop's timeout names it).
  fields[#fields + 1], fields[#fields + 2] = 'deadline', ARGV[3]
  fields[#fields + 1], fields[#fields + 2] = 'turn', ARGV[4]
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
  -- Once the game is over, what its replay and its seats' tokens need (the meta, which holds
  -- the seats, and the log) is kept for the finished game's TTL: not its snapshot and presence
  -- (3 and 4), which keep the live room's expiry (a room loaded without a snapshot reads its
  -- whole log; presence is counted anew).
  for i = 1, #KEYS do
    if ARGV[12] ~= '1' or i < 3 then redis.call('EXPIRE', KEYS[i], ttl) end
  end
elseif renewed == nil then
  -- The room's first commit: the log is new; the other keys got their expiry when made.
  redis.call('EXPIRE', KEYS[2], ttl)
end
PUBLISH_TO_HOLDERS
if ARGV[8] == '1' then
  local names, seats = seated(redis.call('HGETALL', KEYS[1]))
  return {last, index, names, seats}
end
return {last, index}
""".replace("RENEW_MS", str(RENEW_EVERY_MS)).replace(
        "PUBLISH_TO_HOLDERS",
        PUBLISH_TO_HOLDERS.replace("HOLDERS", "4").replace("ENTRIES", "15").replace("ORIGIN", "13"),
    )
)

READ_META = "local meta = redis.call('HMGET', KEYS[1], 'n', 'deadline', 'renewed', 'holders')"


def _variant(script: str, changes: dict[str, str]) -> str:
    """Return `script` with each placeholder or line of `changes` replaced (each must occur
    once: a script edited out of step with its variant fails at import, not in Redis)."""
    for old, new in changes.items():
        if script.count(old) != 1:
            raise AssertionError(f"{old!r} occurs {script.count(old)} times in the script")
        script = script.replace(old, new)
    return script


CREATE_AND_COMMIT = _variant(
    COMMIT,
    {
        READ_META: """-- CREATE and the first commit in one: ARGV 14, taken out before the commit
-- reads ARGV, is the new room's meta as a JSON object (field -> text). Returns 0, nothing
-- written, if the code is taken; else as the commit does (the meta gets the room's expiry).
if redis.call('HSETNX', KEYS[1], 'n', '0') == 0 then return 0 end
local made = cjson.decode(table.remove(ARGV, 14))
local meta = {'0', false, false, false}""",
        "CREATE_FIELDS": """for field, value in pairs(made) do
  fields[#fields + 1], fields[#fields + 2] = field, value
end
redis.call('EXPIRE', KEYS[1], ARGV[7])""",
        # A stream left under a code that was free (its meta expired first) refuses the
        # entries: the code is given back.
        "UNDO_CREATE": "redis.call('DEL', KEYS[1])",
    },
)
"""A new room's creation (as CREATE: the code reserved, the meta written with its expiry) and
its first commit (the game's start), one script: the room is made in one round trip."""

COMMIT = _variant(COMMIT, {"CREATE_FIELDS\n": "", "  UNDO_CREATE\n": ""})


CREATE = """
-- KEYS[1] the room's meta; ARGV: ttl, then field, value, ... Reserve the code (0 if taken)
-- and write the meta with its expiry.
if redis.call('HSETNX', KEYS[1], 'n', '0') == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""

READ_LOG = """
-- The positions a stream entry of a room's log holds: {first, last}. A commit's entry has id
-- FIRST-0 and one field named LAST (its entries, one a line); logs written by older versions
-- hold entries with id LAST-FIRST and field b (one commit), or id N-1 and field e (one entry).
local function span(item)
  local ms, seq = string.match(item[1], '^(%d+)%-(%d+)$')
  local field = item[2][1]
  if field == 'e' then return tonumber(ms), tonumber(ms) end
  if field == 'b' then return tonumber(seq), tonumber(ms) end
  return tonumber(ms), tonumber(field)
end
-- The log entries from position `from` on, as one text (one per line): one reply to parse
-- instead of a nested one per entry. XRANGE from FROM-0 finds the commits that start there or
-- later; when `from` lies inside a commit (it is not where one starts), that commit is the one
-- before them, and the lines before `from` are cut off.
local function read_log(key, from)
  local items = redis.call('XRANGE', key, from .. '-0', '+')
  if from > 1 and (items[1] == nil or span(items[1]) > from) then
    local before = redis.call('XREVRANGE', key, (from - 1) .. '-0', '-', 'COUNT', 1)[1]
    if before ~= nil then table.insert(items, 1, before) end
  end
  local lines = {}
  for _, item in ipairs(items) do
    local first, last = span(item)
    if last >= from then
      local text, at = item[2][2], 1
      for _ = 1, from - first do
        at = string.find(text, '\\n', at, true) + 1
      end
      if at > 1 then text = string.sub(text, at) end
      lines[#lines + 1] = text
    end
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

MARK_BROKEN = """
-- KEYS[1] the room's meta; ARGV[1] what is wrong with its log. Noted in the meta (`broken`)
-- unless the room is gone (a new key would have no expiry).
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('HSET', KEYS[1], 'broken', ARGV[1])
"""

LET_GO_CLAIM = """
-- KEYS[1] a claim (a room's `rematching`); ARGV[1] its holder's id. Delete it only if that
-- holder still has it (one whose claim expired never deletes the next holder's): 1, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

DISCARD_UNSEATED = """
-- KEYS: a room's meta, log, snapshot, presence; ARGV[1] the room it must be the rematch of.
-- Delete the room only if it is that room's rematch and nobody has a seat in it: 1, else 0.
if redis.call('HGET', KEYS[1], 'rematch') ~= ARGV[1] then return 0 end
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, 5) == 'seat:' then return 0 end
end
return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
"""
