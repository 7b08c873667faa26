"""A Past games listing that needs many games' records (games kept before their summaries held
everyone who played) reads them in one pipeline (`Games.records`: each as `Games.record` reads
it, a ruleset kept apart put back) and writes their summaries back a hundred to a script call
(`Games.replace_summaries`: each only if nobody changed it since it was read). Real Redis."""

from __future__ import annotations

import json
import time

from redis.asyncio import Redis

from server.storage import keys
from server.storage.games import REPLACED_AT_ONCE, Games
from server.storage.keys import RULES_LEFT_OUT

NOW = int(time.time() * 1000)
RULES = ("hash01", '{"scenario": "intro"}')


def record(rules_hash: str, rules: str) -> str:
    return json.dumps({"rules_hash": rules_hash})[:-1] + f", {rules}}}\n" + '{"kind": "x"}\n'


async def test_records_reads_each_as_record_does(redis: Redis) -> None:
    games = Games(redis)
    apart = record(RULES[0], RULES_LEFT_OUT)
    await games.keep("APART1", apart, "{}", NOW, RULES)
    await games.keep("APART2", apart, "{}", NOW, RULES)
    inline = record("hash02", '"rules": {"scenario": "other"}')
    await games.keep("INLINE", inline, "{}", NOW)
    codes = ["APART1", "GONE01", "INLINE", "APART2"]
    read = await games.records(codes)
    assert read == [await games.record(code) for code in codes]
    assert read[1] is None and read[2] == inline
    assert read[0] == read[3] == apart.replace(RULES_LEFT_OUT, f'"rules":{RULES[1]}')
    # rules deleted by hand, and a process that never stored them: the records say so, unread
    await redis.delete(keys.rules(RULES[0]))
    fresh = Games(redis)
    assert await fresh.records(codes) == [apart, None, inline, apart]


async def test_replace_summaries_writes_the_unchanged_in_batches(redis: Redis) -> None:
    games = Games(redis)
    count = REPLACED_AT_ONCE * 2 + 50
    codes = [f"G{i:05d}" for i in range(count)]
    for code in codes:
        await redis.hset(keys.GAME_SUMMARIES, code, json.dumps({"code": code}))
    changes = [
        (code, json.dumps({"code": code}), json.dumps({"code": code, "new": 1})) for code in codes
    ]
    changed = {codes[0], codes[REPLACED_AT_ONCE], codes[-1]}  # made public meanwhile, say
    for code in changed:
        await redis.hset(keys.GAME_SUMMARIES, code, json.dumps({"code": code, "public": True}))
    assert await games.replace_summaries(changes) == count - len(changed)
    stored = {
        code: json.loads(text) for code, text in (await redis.hgetall(keys.GAME_SUMMARIES)).items()
    }
    for code in codes:
        assert stored[code] == (
            {"code": code, "public": True} if code in changed else {"code": code, "new": 1}
        )
    assert await games.replace_summaries([]) == 0
