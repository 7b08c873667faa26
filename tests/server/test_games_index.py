"""The index of finished games drops those past FINISHED_TTL as games are kept — looking for
them at most once every PRUNE_EVERY seconds a process, not with every game; and a game kept
renews its rules' expiry at most once every RULES_AGAIN a process, as making a room stores them."""

from __future__ import annotations

import json
import time

from redis.asyncio import Redis

from server.storage import keys
from server.storage.games import PRUNE_EVERY, Games
from server.storage.keys import FINISHED_TTL, RULES_AGAIN, RULES_TTL
from server.storage.store import Store

NOW = int(time.time() * 1000)
OLD = NOW - (FINISHED_TTL + 3600) * 1000


async def listed(redis: Redis) -> set[str]:
    codes = {str(code) for code in await redis.zrange(keys.GAMES, 0, -1)}
    assert codes == set(await redis.hkeys(keys.GAME_SUMMARIES)), "the index and its summaries"
    return codes


async def keep(games: Games, code: str, ended: int) -> None:
    await games.keep(code, "{}\n", json.dumps({"code": code}), ended)


async def test_old_games_leave_the_index_at_most_once_a_minute(redis: Redis) -> None:
    games = Games(redis)
    await redis.zadd(keys.GAMES, {"OLD001": OLD})
    await redis.hset(keys.GAME_SUMMARIES, "OLD001", "{}")
    await keep(games, "NEW001", NOW)
    assert await listed(redis) == {"NEW001"}, "the first game kept looks"
    await redis.zadd(keys.GAMES, {"OLD002": OLD})
    await redis.hset(keys.GAME_SUMMARIES, "OLD002", "{}")
    await keep(games, "NEW002", NOW)
    assert await listed(redis) == {"NEW001", "NEW002", "OLD002"}, "not again within the minute"
    games._pruned -= PRUNE_EVERY  # a minute later
    await keep(games, "NEW003", NOW)
    assert await listed(redis) == {"NEW001", "NEW002", "NEW003"}


async def test_a_game_kept_renews_its_rules_at_most_hourly(redis: Redis) -> None:
    games, rules = Games(redis), ("abc123", '{"scenario": "intro"}')
    key = keys.rules(rules[0])

    async def keep_with_rules(code: str) -> None:
        await games.keep(code, "{}\n", json.dumps({"code": code}), NOW, rules)

    await keep_with_rules("GAME01")  # the rules were not there: written
    assert await redis.get(key) == rules[1]
    assert RULES_TTL - 5 < await redis.ttl(key) <= RULES_TTL
    await redis.expire(key, 100)
    await keep_with_rules("GAME02")
    assert await redis.ttl(key) <= 100, "renewed again within the hour"
    games.rules_stored[rules[0]] -= RULES_AGAIN  # an hour later
    await keep_with_rules("GAME03")
    assert RULES_TTL - 5 < await redis.ttl(key) <= RULES_TTL
    await redis.delete(key)  # by hand, or evicted
    await keep_with_rules("GAME04")
    assert not await redis.exists(key), "looked for again within the hour"
    games.rules_stored[rules[0]] -= RULES_AGAIN
    await keep_with_rules("GAME05")
    assert await redis.get(key) == rules[1], "written again"
    assert await listed(redis) == {f"GAME0{n}" for n in range(1, 6)}


async def test_rules_a_room_was_made_with_are_not_renewed_again_within_the_hour(
    redis: Redis,
) -> None:
    """A process that stored the rules as it made a room (Store.keep_rules) counts that."""
    store = Store(redis)
    await store.keep_rules("abc123", "{}")
    await redis.expire(keys.rules("abc123"), 100)
    await store.games.keep("GAME01", "{}\n", "{}", NOW, ("abc123", "{}"))
    assert await redis.ttl(keys.rules("abc123")) <= 100


async def test_rules_found_missing_are_written_again_at_once_or_with_the_next_game(
    redis: Redis,
) -> None:
    """A ruleset found gone (a record read, a room loaded) is written again at once by a
    process that stored it (it remembers the rulesets it serves), and by another with its next
    game kept (or room made) with them: not at the hourly renewal."""
    store, other, rules = Store(redis), Store(redis), ("abc123", '{"scenario": "intro"}')
    key = keys.rules(rules[0])
    head = '{"rules_hash":"abc123",' + keys.RULES_LEFT_OUT + "}\n"
    await store.games.keep("GAME01", head, "{}", NOW, rules)
    await redis.delete(key)  # by hand, or evicted
    assert rules[1] in (await store.games.record("GAME01") or ""), "put back at once"
    assert await redis.get(key) == rules[1]
    assert RULES_TTL - 5 <= await redis.ttl(key) <= RULES_TTL
    await redis.delete(key)
    assert keys.RULES_LEFT_OUT in (await other.games.record("GAME01") or ""), "not known there"
    await other.games.keep("GAME02", head, "{}", NOW, rules)
    assert await redis.get(key) == rules[1], "written again with its next game"
    assert rules[1] in (await other.games.record("GAME01") or "")
    await redis.delete(key)
    assert await store.rules_json(rules[0]) == rules[1], "a room loaded with them puts them back"
    assert await redis.get(key) == rules[1]
    await redis.delete(key)
    assert await other.rules_json(rules[0]) == rules[1], "known there now too"
    fresh = Store(redis)
    await redis.delete(key)
    assert await fresh.rules_json(rules[0]) is None  # a room loaded with them finds them gone
    await fresh.keep_rules(*rules)
    assert await redis.get(key) == rules[1], "written again with the next room"
