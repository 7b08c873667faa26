"""Finished games kept for replay: each game's record, and an index of summaries to list.

    brink:room:{CODE}:record   string  the game record (docs/replay.md)     FINISHED_TTL
    {brink}:games              zset    code -> when the game ended (ms)     members older than
    {brink}:game-summaries     hash    code -> summary (JSON)               FINISHED_TTL dropped
    brink:room:{CODE}:forks    set     rooms continuing this game           FINISHED_TTL
    brink:room:{CODE}:evaluation string the evaluation graph (JSON), once   FINISHED_TTL

The record sits beside the room's other keys (its hash tag); the index is shared. Keeping a game
drops the index's games older than FINISHED_TTL (a process looks for them at most once every
PRUNE_EVERY seconds), so the index holds what the records hold, give or take that long.
"""

from __future__ import annotations

import json
import logging
import time
from typing import cast

from redis.asyncio import Redis

from server.storage import keys
from server.storage.keys import FINISHED_TTL, RULES_AGAIN, RULES_LEFT_OUT, RULES_TTL

log = logging.getLogger("brink.games")

RULES_KNOWN = 64
"""Rulesets a process remembers the JSON of, to put back one found gone (the scenarios it
serves and the custom rule files of recent rooms)."""
PRUNE_EVERY = 60.0
"""Seconds between a process's looks for games past FINISHED_TTL in the index (not one with
every game kept: under load that was a command a game for nothing)."""


REPLACE = """
-- KEYS[1] the summaries; ARGV: code, the summary read, the new one, again for each game. Each
-- written only if unchanged. Returns how many were.
local written = 0
for i = 1, #ARGV, 3 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
    written = written + 1
  end
end
return written
"""
REPLACED_AT_ONCE = 100
"""Summaries one REPLACE call writes at most (each ~1 KB: Redis is not held long by one)."""


class Games:
    """Records and summaries of finished games."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._pruned = -PRUNE_EVERY
        """When this process last looked for games to drop from the index (monotonic s)."""
        self.rules_stored: dict[str, float] = {}
        """Rules hash -> when this process last gave that key its RULES_TTL, having found it
        there or written it (monotonic s): by `keep` and by `store_rules` (a room made)."""
        self._replace = redis.register_script(REPLACE)
        self.rules_known: dict[str, str] = {}
        """Rules hash -> their JSON, for the rulesets this process stored or renewed (the few
        it serves; at most RULES_KNOWN): a ruleset found gone is put back from here at once."""

    async def keep(
        self,
        code: str,
        record: str | bytes,
        summary: str,
        ended: int,
        rules: tuple[str, str] | None = None,
    ) -> None:
        """Keep a finished game's `record`: its text, with its rules in its header, or left out
        (RULES_LEFT_OUT) when `rules` gives their hash and JSON. Their key then gets its expiry
        again (EXPIRE, RULES_TTL), and is written again if it had gone — at most once every
        RULES_AGAIN (an hour) per process and ruleset, not with every game. That is enough for
        the rules to outlive the record: renewed (here or by `Store.keep_rules`) at most an hour
        before this game was kept, they live RULES_TTL = FINISHED_TTL + ROOM_TTL (8 days) from
        then, so at least 7 days 23 h after it, and the record FINISHED_TTL (7 days). A ruleset
        deleted by hand or evicted meanwhile is written again at the first renewal due after
        it, or with the next game kept by a process that found it gone (`forget_rules`); the
        records of the games kept until then read again from that moment."""
        # One round trip (not a transaction: the record and the index may live on different
        # nodes of a cluster); a second only when old games are to be dropped.
        pipe = self.redis.pipeline(transaction=False)
        pipe.set(keys.room(code, "record"), record, ex=FINISHED_TTL)
        pipe.zadd(keys.GAMES, {code: ended})
        pipe.hset(keys.GAME_SUMMARIES, code, summary)
        prune = time.monotonic() - self._pruned >= PRUNE_EVERY
        if prune:
            pipe.zrangebyscore(keys.GAMES, "-inf", ended - FINISHED_TTL * 1000)
            self._pruned = time.monotonic()
        if rules is not None:
            self.know_rules(*rules)
        renew = rules is not None and self._renew_due(rules[0])
        if rules is not None and renew:
            pipe.expire(keys.rules(rules[0]), RULES_TTL)
        found = await pipe.execute()
        if rules is not None and renew:
            if not found[-1]:  # the EXPIRE's answer: the key is gone
                # Deleted by hand, evicted: a reader in between these two round trips is told
                # the rules are missing, not read wrong.
                await self.redis.set(keys.rules(rules[0]), rules[1], ex=RULES_TTL)
            self.rules_stored[rules[0]] = time.monotonic()
        old = cast(list[str], found[3]) if prune else []
        if old:
            pipe = self.redis.pipeline(transaction=False)
            pipe.zrem(keys.GAMES, *old)
            pipe.hdel(keys.GAME_SUMMARIES, *old)
            await pipe.execute()

    async def store_rules(self, rules_hash: str, rules: str) -> None:
        """Store the ruleset a new room plays (`Store.keep_rules`): at most hourly a process."""
        self.know_rules(rules_hash, rules)
        if self._renew_due(rules_hash):
            await self.redis.set(keys.rules(rules_hash), rules, ex=RULES_TTL)
            self.rules_stored[rules_hash] = time.monotonic()

    def know_rules(self, rules_hash: str, rules: str) -> None:
        """Remember a ruleset this process stores (for `restore_rules`)."""
        if rules_hash not in self.rules_known and len(self.rules_known) >= RULES_KNOWN:
            self.rules_known.pop(next(iter(self.rules_known)))  # the one known longest
        self.rules_known[rules_hash] = rules

    async def restore_rules(self, rules_hash: str) -> str | None:
        """The ruleset was found gone from Redis (deleted by hand, evicted): write it again now
        if this process knows it, and return it; else None (and the next game kept or room
        made with it writes it: `forget_rules`)."""
        self.forget_rules(rules_hash)
        rules = self.rules_known.get(rules_hash)
        if rules is None:
            return None
        await self.redis.set(keys.rules(rules_hash), rules, ex=RULES_TTL)
        self.rules_stored[rules_hash] = time.monotonic()
        log.warning("rules %s were gone from Redis: written again", rules_hash)
        return rules

    def forget_rules(self, rules_hash: str) -> None:
        """Note that the ruleset was found gone from Redis: this process's next game kept or
        room made with it writes it again, without waiting for the hourly renewal."""
        self.rules_stored.pop(rules_hash, None)

    def _renew_due(self, rules_hash: str) -> bool:
        """Whether this process last gave the ruleset its expiry RULES_AGAIN ago or more."""
        stored = self.rules_stored.get(rules_hash)
        return stored is None or time.monotonic() - stored >= RULES_AGAIN

    async def record(self, code: str) -> str | None:
        """Return a finished game's record, its rules in its header (put back if kept apart)."""
        text = cast(str | None, await self.redis.get(keys.room(code, "record")))
        return await self._rules_put_back(code, text, {})

    async def records(self, codes: list[str]) -> list[str | None]:
        """Return each of `codes`' records as `record` does, read in one pipeline (a listing
        that needs hundreds of them waits for one exchange, not one each), each ruleset once."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for code in codes:
                pipe.get(keys.room(code, "record"))
            texts = cast(list[str | None], await pipe.execute())
        rulesets: dict[str, str | None] = {}
        return [
            await self._rules_put_back(code, text, rulesets)
            for code, text in zip(codes, texts, strict=True)
        ]

    async def _rules_put_back(
        self, code: str, text: str | None, rulesets: dict[str, str | None]
    ) -> str | None:
        """Return record `text` with its rules in its header if they were kept apart
        (`rulesets`: the rulesets read so far, by hash, each read once)."""
        if text is None:
            return None
        head = text[: text.find("\n")]
        if RULES_LEFT_OUT not in head:
            return text
        rules_hash = json.loads(head).get("rules_hash", "")
        if rules_hash not in rulesets:
            rules = cast(str | None, await self.redis.getex(keys.rules(rules_hash), ex=RULES_TTL))
            if rules is None:  # kept 8 days from a game's end, renewed when read: deleted?
                rules = await self.restore_rules(rules_hash)
            rulesets[rules_hash] = rules
        rules = rulesets[rules_hash]
        if rules is None:
            log.warning("game %s: its rules %s are gone from Redis", code, rules_hash)
            return text  # reading it then says that its rules are missing
        return text.replace(RULES_LEFT_OUT, f'"rules":{rules}', 1)  # the first: in the header

    async def summary(self, code: str) -> str | None:
        return cast(str | None, await self.redis.hget(keys.GAME_SUMMARIES, code))

    async def set_summary(self, code: str, summary: str) -> None:
        await self.redis.hset(keys.GAME_SUMMARIES, code, summary)

    async def replace_summaries(self, changes: list[tuple[str, str, str]]) -> int:
        """Write each game's summary (code, the summary read, the new one) if it is still the
        one read (not changed meanwhile: made public, say), a hundred a call; return how many
        were written."""
        written = 0
        for start in range(0, len(changes), REPLACED_AT_ONCE):
            args = [part for change in changes[start : start + REPLACED_AT_ONCE] for part in change]
            written += int(await self._replace(keys=[keys.GAME_SUMMARIES], args=args))
        return written

    async def add_fork(self, source: str, fork: str) -> None:
        """Note that room `fork` continues game `source` from one of its steps."""
        await self.redis.sadd(keys.room(source, "forks"), fork)
        await self.redis.expire(keys.room(source, "forks"), FINISHED_TTL)

    async def forks(self, source: str) -> list[str]:
        return sorted(cast(set[str], await self.redis.smembers(keys.room(source, "forks"))))

    async def evaluation(self, code: str) -> str | None:
        return cast(str | None, await self.redis.get(keys.room(code, "evaluation")))

    async def keep_evaluation(self, code: str, points: str) -> None:
        await self.redis.set(keys.room(code, "evaluation"), points, ex=FINISHED_TTL)

    async def newest(self, limit: int = 5000) -> list[str]:
        """Return the summaries (JSON) of the newest `limit` finished games, newest first."""
        codes = cast(list[str], await self.redis.zrevrange(keys.GAMES, 0, limit - 1))
        if not codes:
            return []
        found = cast(list[str | None], await self.redis.hmget(keys.GAME_SUMMARIES, codes))
        return [summary for summary in found if summary is not None]
