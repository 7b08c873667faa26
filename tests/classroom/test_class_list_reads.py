"""The instructor's list of classes (`GET /api/classes`: each class's `progress` and
`room_states`) reads every room of every open class. It read them one after another, each a few
round trips to Redis (and, for a room this process does not hold, its whole log): a teacher with
a few classes of many rooms waited for the sum. The rooms are now read concurrently (a bounded
number at a time), and a room that cannot be read still leaves the rest of the list whole."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from classkit import add_instructor, signed_in
from redis.asyncio import Redis
from serverkit import start_server

from server.live.hub import Hub
from server.live.rooms import Room
from server.storage import keys
from server.web.appkeys import HUB


@pytest.fixture
async def served(redis_url: str, tmp_path: Path) -> AsyncIterator[tuple[Hub, str]]:
    """A server's hub and ws:// URL; the instructor ms_li exists."""
    runner, url = await start_server(redis_url, tmp_path)
    await add_instructor(redis_url)
    yield runner.app[HUB], url
    await runner.cleanup()


async def _make(teacher: aiohttp.ClientSession, title: str) -> list[str]:
    body = {"title": title, "scenario": "intro", "roster_text": "Ada\nBo\nCy\nDi\n"}
    async with teacher.post("/api/classes", json=body) as made:
        assert made.status == 201, await made.text()
        rooms: list[str] = (await made.json())["rooms"]
        return rooms


async def _listed(teacher: aiohttp.ClientSession) -> dict[str, Any]:
    async with teacher.get("/api/classes") as answer:
        assert answer.status == 200, await answer.text()
        return {c["title"]: c for c in await answer.json()}


async def test_the_list_of_classes_reads_every_class_s_rooms_at_once(
    served: tuple[Hub, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hub, url = served
    async with await signed_in(url) as teacher:
        rooms = await _make(teacher, "P3") + await _make(teacher, "P4")
        assert len(rooms) == 4
        reading, most = 0, 0
        every_one = asyncio.Event()
        read = hub.room

        async def room(code: str) -> Room | None:
            """The hub's own read, once every room of both classes is being read (or 5 s
            have gone: read one after another, no second one ever comes)."""
            nonlocal reading, most
            reading += 1
            most = max(most, reading)
            if reading == len(rooms):
                every_one.set()
            try:
                async with asyncio.timeout(5):
                    await every_one.wait()
            except TimeoutError:
                pass
            try:
                return await read(code)
            finally:
                reading -= 1

        monkeypatch.setattr(hub, "room", room)
        listed = await _listed(teacher)
        assert most == len(rooms), "the rooms were read one after another"
        for title in ("P3", "P4"):
            assert listed[title]["room_states"]["waiting"] == 2


async def test_a_room_that_cannot_be_read_leaves_the_rest_of_the_list(
    served: tuple[Hub, str], redis: Redis, redis_url: str, tmp_path: Path
) -> None:
    _, url = served
    async with await signed_in(url) as teacher:
        first = await _make(teacher, "P3")
        await _make(teacher, "P4")
    # its log is no stream any more: reading the room is a Redis error (WRONGTYPE)
    await redis.delete(keys.room(first[0], "log"))
    await redis.set(keys.room(first[0], "log"), "not a stream")
    # another process, which holds none of the rooms: it reads each from Redis
    runner, other = await start_server(redis_url, tmp_path / "other")
    try:
        async with await signed_in(other) as teacher:
            listed = await _listed(teacher)
    finally:
        await runner.cleanup()
    assert listed["P3"]["room_states"] == {"waiting": 1, "playing": 0, "paused": 0, "finished": 0}
    assert listed["P4"]["room_states"]["waiting"] == 2
