"""Security at the edge (see test_security.py): what never leaves the server. Tokens and
instructor keys are long, random and stored only hashed, never logged, and open one room
only."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis
from rematchkit import play_to_the_end
from securitykit import http

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check
from server.storage.store import token_hash

# ---------------------------------------------------------------- tokens and keys


async def every_way_in(url: str) -> list[str]:
    """Use every request that hands out or takes a secret: create a room (instructor key), join
    two seats, the instructor, resume a seat, try a wrong token and key, quick match, and play a
    bot to the end of the game (the archive). Return every secret handed out."""
    async with (
        BrinkClient(url, "Teacher") as teacher,
        BrinkClient(url, "Ada") as ada,
        BrinkClient(url, "Bo") as bo,
        BrinkClient(url, "Mei") as mei,
        BrinkClient(url, "Tom") as tom,
        BrinkClient(url, "Li") as li,
    ):
        room = await teacher.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await teacher.join(room.code, instructor_key=room.instructor_key)
        await ada.act(Check())
        await ada.reconnect()
        async with BrinkClient(url, "Eve") as eve:
            with pytest.raises(ServerError):
                await eve.resume(room.code, "x" * 32)
            with pytest.raises(ServerError):
                await eve.join(room.code, instructor_key="y" * 24)
        waiting = asyncio.create_task(mei.quick_match("intro"))
        await asyncio.sleep(0.2)
        await tom.quick_match("intro")
        await waiting
        await li.play_bot(scenario="intro", side="beijing", bot="hawk")
        await play_to_the_end(li)
        async with (
            aiohttp.ClientSession() as session,
            session.get(http(url) + f"/api/rooms/{room.code}") as reply,
        ):
            assert reply.status == 200
        tokens = [client.token for client in (ada, bo, mei, tom, li)]
    found = [room.instructor_key, *[token for token in tokens if token]]
    assert len(found) == 6
    return found


async def everything_in_redis(redis_url: str) -> str:
    """Return every key and every value Redis holds, as one text."""
    parts: list[str] = []
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        async for key in redis.scan_iter("*"):
            kind = await redis.type(key)
            value: Any
            if kind == "none":  # gone since the scan (a room's presence emptied as players left)
                continue
            if kind == "string":
                value = await redis.get(key)
            elif kind == "hash":
                value = await redis.hgetall(key)
            elif kind == "list":
                value = await redis.lrange(key, 0, -1)
            elif kind == "set":
                value = sorted(await redis.smembers(key))
            elif kind == "zset":
                value = await redis.zrange(key, 0, -1, withscores=True)
            elif kind == "stream":
                value = await redis.xrange(key)
            else:
                raise AssertionError(f"{key!r} is a {kind!r}: look into it too")
            parts.append(f"{key!r} {value!r}")
    return "\n".join(parts)


async def test_tokens_and_keys_are_long_random_and_stored_only_hashed(
    server_url: str, redis_url: str, tmp_path: Path
) -> None:
    secrets = await every_way_in(server_url)
    key, tokens = secrets[0], secrets[1:]
    assert len(set(secrets)) == len(secrets)
    assert len(key) >= 24 and all(len(token) >= 32 for token in tokens)  # 144 and 192 bits
    stored = await everything_in_redis(redis_url)
    archived = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert archived, "the finished game was not archived"
    on_disk = "\n".join(path.read_text(errors="replace") for path in archived)
    for secret in secrets:
        assert secret not in stored, "a raw token or key is in Redis"
        assert secret not in on_disk, "a raw token or key is in the archive"
    for secret in secrets:  # what is kept is the hash
        assert token_hash(secret) in stored


async def test_the_server_logs_no_token_or_key_even_at_debug(
    server_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = await every_way_in(server_url)
    await asyncio.sleep(0.1)  # the access log line of each socket is written as it closes
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    # The test's own clients use the websockets library, which logs their frames at DEBUG:
    # those are the clients' logs, not the server's.
    server_lines = [
        formatter.format(record)
        for record in caplog.records
        if not record.name.startswith("websockets")
    ]
    assert any(line.startswith("aiohttp.access") for line in server_lines), "nothing captured"
    for secret in secrets:
        leaked = [line for line in server_lines if secret in line]
        assert leaked == [], "a token or key was logged"


async def test_a_token_or_key_opens_only_its_own_room(server_url: str) -> None:
    async with (
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Bo") as bo,
        BrinkClient(server_url, "Eve") as eve,
    ):
        first = await ada.create_room("intro", timers=False)
        second = await bo.create_room("intro", timers=False)
        await ada.join(first.code, "washington")
        await bo.join(second.code, "washington")
        assert ada.token and bo.token
        for code, token in ((second.code, ada.token), (first.code, bo.token)):
            with pytest.raises(ServerError) as refused:
                await eve.resume(code, token)
            assert refused.value.code == "bad_token"
        for code, key in ((second.code, first.instructor_key), (first.code, second.instructor_key)):
            with pytest.raises(ServerError) as refused:
                await eve.join(code, instructor_key=key)
            assert refused.value.code == "bad_key"
        # A seat holder cannot hop to another room on the same connection either.
        with pytest.raises(ServerError) as refused:
            await ada.join(second.code, "beijing")
        assert refused.value.code == "already_joined"
        joined = await eve.resume(first.code, ada.token)  # in its own room, the token works
        assert (joined.code, joined.seat) == (first.code, "washington")
