"""A process lets a room go when its last connection there leaves (Hub.release; the PRESENCE
script takes it off the room's holders): a connection coming in while that happens must end up
in a copy this process holds, one that hears what the other processes commit and say."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from faultkit import InProcess, OwnRedis, across
from redis.exceptions import TimeoutError as RedisTimeoutError

from client.connection import BrinkClient
from server.live.connection import Connection
from server.live.hub import Hub
from server.storage.store import Store
from server.web.appkeys import HUB


async def until_present(hub: Hub, code: str, expected: dict[str, int]) -> None:
    """Wait until the room's presence counts (every process) are `expected`."""
    async with asyncio.timeout(5):
        while await hub.live.present(code) != expected:
            await asyncio.sleep(0.01)


async def test_a_resume_under_way_as_the_last_connection_leaves_hears_the_other_process(
    redis_url: str, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The resume found the room in the process's copies; before it was seated, the room's last
    connection there left and the process let the room go. The resumed connection must still
    hear the other process's commits (it sat in a forgotten copy, held by nobody)."""
    first_runner, first = await in_process(redis_url)
    _, second = await in_process(redis_url)
    hub: Hub = first_runner.app[HUB]
    async with BrinkClient(second, "Bo") as beijing, BrinkClient(first, "Ada") as again:
        code, ada, joined = await across(beijing, first)
        assert code in hub.rooms
        # The resume stops once it has the room in hand (reading the token's seat) until the
        # process has let the room go.
        reached, go = asyncio.Event(), asyncio.Event()
        seat_of = hub.store.seat_of

        async def held(code: str, token: str) -> str | None:
            reached.set()
            await go.wait()
            return await seat_of(code, token)

        monkeypatch.setattr(hub.store, "seat_of", held)
        resumed = asyncio.create_task(again.resume(code, joined.token or ""))
        try:
            await reached.wait()
            await ada.close()  # the room's last connection on the first process
            # Its going counted (and, before the fix, the room let go right after that).
            await until_present(hub, code, {"beijing": 1})
            await asyncio.sleep(0.2)
        finally:
            go.set()
        await resumed
        await beijing.chat("still there?")
        update = await again.next_update(timeout=5)
        assert any(e.chat is not None and e.chat.text == "still there?" for e in update.entries)
        copy = hub.rooms.get(code)
        assert copy is not None and any(c.audience == "washington" for c in copy.connections)
        holders = await hub.redis.hget(Store.key(code), "holders")
        assert hub.origin in (holders or "").split()


async def test_a_resume_that_comes_while_the_room_is_let_go_holds_it_again(
    redis_url: str, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last connection's going took the process off the room's holders (the PRESENCE
    script); a resume came before the copy was forgotten: the process holds the room again and
    reads what it missed, and the resumed connection hears the other process."""
    first_runner, first = await in_process(redis_url)
    _, second = await in_process(redis_url)
    hub: Hub = first_runner.app[HUB]
    async with BrinkClient(second, "Bo") as beijing, BrinkClient(first, "Ada") as again:
        code, ada, joined = await across(beijing, first)
        copy = hub.rooms[code]
        # The going is counted (the process let go of the room in Redis); the copy is only
        # forgotten once the resume has it in hand.
        counted, go = asyncio.Event(), asyncio.Event()
        presence = hub.live.presence

        async def held(*args: Any) -> int:
            found = await presence(*args)
            if len(args) > 4 and args[4]:  # let_go
                counted.set()
                await go.wait()
            return found

        monkeypatch.setattr(hub.live, "presence", held)
        try:
            await ada.close()
            await counted.wait()
            holders = await hub.redis.hget(Store.key(code), "holders")
            assert hub.origin not in (holders or "").split()
            await beijing.chat("while you were away")  # not published to the first process
            resumed = asyncio.create_task(again.resume(code, joined.token or ""))
            async with asyncio.timeout(5):
                while not copy.arriving and not copy.connections:
                    await asyncio.sleep(0.01)
        finally:
            go.set()
        back = await resumed
        assert any(
            e.chat is not None and e.chat.text == "while you were away" for e in back.entries
        )
        await beijing.chat("welcome back")
        update = await again.next_update(timeout=5)
        assert any(e.chat is not None and e.chat.text == "welcome back" for e in update.entries)
        assert hub.rooms.get(code) is copy
        holders = await hub.redis.hget(Store.key(code), "holders")
        assert hub.origin in (holders or "").split()


async def test_a_going_whose_answer_was_lost_still_forgets_the_room(
    redis_url: str, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PRESENCE script that counts the room's last connection on a process going (and takes
    the process off the room's holders) ran, but its answer never came (Redis timed out: a
    RedisError). The process must not keep serving its copy as if it held the room: a player
    coming back to it would hear nothing of the other process."""
    first_runner, first = await in_process(redis_url)
    _, second = await in_process(redis_url)
    hub: Hub = first_runner.app[HUB]
    async with BrinkClient(second, "Bo") as beijing, BrinkClient(first, "Ada") as again:
        code, ada, joined = await across(beijing, first)
        presence = hub.live.presence
        lost = asyncio.Event()

        async def answer_lost(*args: Any) -> int:
            await presence(*args)
            lost.set()
            raise RedisTimeoutError("Redis did not answer within 5 s")

        monkeypatch.setattr(hub.live, "presence", answer_lost)
        await ada.close()
        await lost.wait()
        monkeypatch.undo()
        await until_present(hub, code, {"beijing": 1})
        await again.resume(code, joined.token or "")
        await beijing.chat("still there?")
        update = await again.next_update(timeout=5)
        assert any(e.chat is not None and e.chat.text == "still there?" for e in update.entries)


async def test_a_closing_whose_leave_fails_still_closes_the_connection(
    redis_url: str,
    in_process: InProcess,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Redis away as a seated connection closes: its leave fails (logged), and the steps after
    it — the class sockets told, the connection's writer stopped — happen all the same."""
    runner, url = await in_process(redis_url)
    hub: Hub = runner.app[HUB]
    async with BrinkClient(url, "Bo") as beijing:
        room = await beijing.create_room("intro", timers=False)
        await beijing.join(room.code, "beijing")
        conn = next(iter(hub.rooms[room.code].connections))
        assert isinstance(conn, Connection)
        failed = asyncio.Event()

        async def away(*args: Any, **options: Any) -> int:
            failed.set()
            raise RedisTimeoutError("Redis did not answer within 5 s")

        monkeypatch.setattr(hub.live, "presence", away)
        with caplog.at_level("WARNING", logger="brink.ws"):
            await beijing.close()
            await failed.wait()
            async with asyncio.timeout(5):
                while conn._writer is not None and not conn._writer.done():
                    await asyncio.sleep(0.01)
        assert "closing a connection: leave failed" in caplog.text
        assert conn not in hub.sockets


async def test_a_seat_closed_while_redis_was_away_is_counted_gone_once_it_is_back(
    own_redis: OwnRedis, in_process: InProcess
) -> None:
    """Its going could not be counted (Redis refused the connection): once Redis is back, the
    process counts it, so the seat is not shown at the table for good (the timer loop would
    play a room nobody is at by timeouts), and the process lets the room go (a fresh user's
    probe found it counted here forever)."""
    first_runner, first = await in_process(own_redis.url)
    _, second = await in_process(own_redis.url)
    hub: Hub = first_runner.app[HUB]
    async with BrinkClient(second, "Bo") as beijing:
        washington = BrinkClient(first, "Ada")
        await washington.connect()
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        own_redis.kill()
        await washington.close()  # its going is not counted: Redis is away
        async with asyncio.timeout(5):
            while not hub.departures:
                await asyncio.sleep(0.01)
        own_redis.start()
        await until_present(hub, room.code, {"beijing": 1})
        async with asyncio.timeout(5):  # counted in Redis, then forgotten here a turn later
            while hub.departures:
                await asyncio.sleep(0.01)
        holders = await hub.redis.hget(Store.key(room.code), "holders")
        assert hub.origin not in (holders or "").split(), "the room let go"
