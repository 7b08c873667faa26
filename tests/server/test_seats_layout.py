"""A room's seats live in its meta hash (server/storage/seats.py): a join in a room that is gone
claims nothing and is `room_not_found`; and a room an older version wrote, with its seats in
three hashes of their own, is carried across at start-up (server/storage/layout.py) and played
on with its old tokens."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from faultkit import step
from redis.asyncio import Redis
from serverkit import start_server

from client.connection import BrinkClient, ServerError
from server.storage import keys
from server.storage.keys import ROOM_TTL
from server.storage.layout import LAYOUT, OLD_PARTS, carry_over
from server.storage.store import token_hash
from server.web.appkeys import HUB

TOKENS = {"washington": "w" * 32, "beijing": "b" * 32}
NAMES = {"washington": "Ada", "beijing": "Bo"}


@pytest.fixture
async def client(redis_url: str) -> AsyncIterator[Redis]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    yield redis
    await redis.aclose()


async def write_old_seats(redis: Redis, code: str) -> None:
    """Seat Ada and Bo as the older version's CLAIM did: three hashes of their own."""
    for seat, token in TOKENS.items():
        await redis.hsetnx(keys.room(code, "seats"), seat, token_hash(token))
        await redis.hset(keys.room(code, "tokens"), token_hash(token), seat)
        await redis.hset(keys.room(code, "names"), seat, NAMES[seat])
    for part in OLD_PARTS:
        await redis.expire(keys.room(code, part), ROOM_TTL)


async def test_a_join_in_a_room_gone_since_it_was_loaded_is_room_not_found(
    server_url: str, client: Redis
) -> None:
    async with BrinkClient(server_url, "Ada") as washington, BrinkClient(server_url, "Bo") as bo:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await client.delete(keys.room(room.code))  # expired, while this process holds it
        with pytest.raises(ServerError) as refused:
            await bo.join(room.code, "beijing")
        assert refused.value.code == "room_not_found", refused.value
    assert not await client.exists(keys.room(room.code)), "no meta made without n nor expiry"


async def test_a_room_an_older_version_wrote_is_carried_across_and_played_to_its_end(
    redis_url: str, client: Redis, tmp_path: Path
) -> None:
    runner, _ = await start_server(redis_url, tmp_path)
    try:  # the meta and the log as the real create and commit write them
        room, _ = await runner.app[HUB].create_room("intro", "en", {}, {}, False)
    finally:
        await runner.cleanup()
    code = room.code
    await write_old_seats(client, code)
    await client.hset(keys.room("GONE22", "names"), "washington", "Cy")  # its meta expired
    await client.delete(keys.LAYOUT)  # a Redis the older version used has no marker
    old = [keys.room(code, part) for part in OLD_PARTS]

    runner, url = await start_server(redis_url, tmp_path)  # it carries them across as it starts
    try:
        assert not await client.exists(*old, keys.room("GONE22", "names"), keys.room("GONE22"))
        assert await client.get(keys.LAYOUT) == LAYOUT
        hashed = token_hash(TOKENS["washington"])
        assert await client.hget(keys.room(code), keys.token_field(hashed)) == "washington"
        async with BrinkClient(url, "?") as washington, BrinkClient(url, "?") as beijing:
            joined = await washington.resume(code, TOKENS["washington"])
            assert {seat: joined.seats[seat] for seat in NAMES} == NAMES
            await beijing.resume(code, TOKENS["beijing"])
            said = await washington.chat("still here")  # under the name the old hash held
            await beijing.wait_for(lambda _: any(e.n == said.n for e in beijing.entries))
            line = next(e.chat for e in beijing.entries if e.n == said.n)
            assert line is not None and line.name == "Ada"
            clients = {"washington": washington, "beijing": beijing}
            while await step(clients):
                pass
        async with asyncio.timeout(10):  # kept just after the game's last update went out
            while (record := await runner.app[HUB].store.games.record(code)) is None:
                await asyncio.sleep(0.02)
        assert json.loads(record.partition("\n")[0])["seats"] == NAMES
        summary = json.loads(await client.hget(keys.GAME_SUMMARIES, code) or "{}")
        assert summary["tokens"] == {seat: token_hash(token) for seat, token in TOKENS.items()}
    finally:
        await runner.cleanup()


async def test_the_carry_over_is_done_once_and_may_run_twice(client: Redis) -> None:
    await client.hset(keys.room("ROOM22"), mapping={"n": "0", "scenario": "intro"})
    await client.expire(keys.room("ROOM22"), ROOM_TTL)
    await write_old_seats(client, "ROOM22")
    before = await client.hgetall(keys.room("ROOM22"))
    assert await carry_over(client) == 1
    moved = await client.hgetall(keys.room("ROOM22"))
    assert moved == {
        **before,
        "seat:washington": token_hash(TOKENS["washington"]),
        "seat:beijing": token_hash(TOKENS["beijing"]),
        keys.token_field(token_hash(TOKENS["washington"])): "washington",
        keys.token_field(token_hash(TOKENS["beijing"])): "beijing",
        "name:washington": "Ada",
        "name:beijing": "Bo",
    }
    assert await client.ttl(keys.room("ROOM22")) > 0, "the meta keeps its expiry"
    # Done: a later start does not look (an old hash written now stays where it is).
    await write_old_seats(client, "ROOM22")
    assert await carry_over(client) == 0
    assert await client.exists(keys.room("ROOM22", "names"))
    # Two processes starting at once both look: the second finds nothing more to carry.
    await client.delete(keys.LAYOUT)
    assert await carry_over(client) == 1
    await client.delete(keys.LAYOUT)
    assert await carry_over(client) == 0
    assert await client.hgetall(keys.room("ROOM22")) == moved


async def test_the_carry_over_warns_of_processes_still_serving(
    client: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    """A process of the older version still running goes on writing the old hashes, which no
    later start carries across: the start that carries says so (it cannot tell versions)."""
    await client.hset(keys.room("ROOM33"), mapping={"n": "0", "scenario": "intro"})
    await write_old_seats(client, "ROOM33")
    now = int(time.time() * 1000)
    await client.zadd(keys.PROCESSES, {"old-alive": now, "old-dead": now - 60_000})
    with caplog.at_level(logging.WARNING, logger="brink.layout"):
        assert await carry_over(client) == 1
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and "1 other process" in warned[0], warned
    assert keys.LAYOUT in warned[0], "how to carry what they write once they are stopped"
    caplog.clear()
    await client.delete(keys.LAYOUT)
    await client.zrem(keys.PROCESSES, "old-alive")
    with caplog.at_level(logging.WARNING, logger="brink.layout"):
        assert await carry_over(client) == 0
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]


async def test_two_starts_at_once_carry_each_room_once_and_say_so(client: Redis) -> None:
    """Both walk the keyspace and find the rooms; each room is moved (and counted, and logged)
    by one of them; a room whose meta is gone is not counted (its old hashes only dropped)."""
    codes = ["ROOM44", "ROOM55", "ROOM66"]
    for code in codes:
        await client.hset(keys.room(code), mapping={"n": "0", "scenario": "intro"})
        await write_old_seats(client, code)
    await write_old_seats(client, "GONE44")
    carried = await asyncio.gather(carry_over(client), carry_over(client))
    assert sum(carried) == len(codes), carried
    assert not await client.exists(*(keys.room("GONE44", part) for part in OLD_PARTS))
