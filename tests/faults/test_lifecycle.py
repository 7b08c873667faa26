"""A room's life: nobody there -> paused -> abandoned (timers stop); every key expires."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from faultkit import InProcess, committed
from redis.asyncio import Redis

from client.connection import BrinkClient
from server.storage import keys
from server.storage.keys import FINISHED_TTL, ROOM_TTL, RULES_TTL
from server.web.appkeys import HUB

QUICK = {"betting": 2, "talks": 2}


def _notices(log: list) -> list[str]:  # type: ignore[type-arg]
    """The pauses and resumptions after the clock started (a new room waits for its players:
    test_clock_start.py)."""
    kinds = [entry.notice.kind for entry in log if entry.notice is not None]
    assert kinds[:2] == ["paused", "resumed"], "the room waited for its players"
    return kinds[2:]


async def _ended(redis_url: str, code: str) -> None:
    """Return once the room's log holds the end of its game."""
    async with asyncio.timeout(30):
        while not any(
            e.event is not None and e.event.type == "game_ended"
            for e in await committed(redis_url, code)
        ):
            await asyncio.sleep(0.1)


async def test_a_room_everyone_left_pauses_then_ends_as_abandoned(
    redis_url: str, in_process: InProcess
) -> None:
    _, url = await in_process(redis_url, abandon_after=1.0)
    async with BrinkClient(url, "Ada") as washington, BrinkClient(url, "Bo") as beijing:
        room = await washington.create_room("intro", seconds=QUICK)
        joined = await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
    # called off a second after the pause: waited for in the log (a fixed 4.5 s was not always
    # enough for the timer pass on a loaded machine)
    await _ended(redis_url, room.code)
    async with BrinkClient(url, "Ada") as late:  # back after the game was called off
        back = await late.resume(room.code, joined.token or "")
        assert back.view["outcome"] == "abandoned"
        await asyncio.sleep(0.3)
    log = await committed(redis_url, room.code)
    assert _notices(log) == ["paused"]
    assert not any(e.event is not None and e.event.type == "timed_out" for e in log), (
        "a turn was timed out with nobody at the table"
    )
    ended = [e.event for e in log if e.event is not None and e.event.type == "game_ended"]
    assert [e.outcome for e in ended] == ["abandoned"]
    redis = Redis.from_url(redis_url, decode_responses=True)
    async with asyncio.timeout(10):  # its timer stops as the game ends (a TimeoutError: it runs)
        while await redis.zscore(keys.TIMERS, room.code) is not None:
            await asyncio.sleep(0.05)
    assert 0 < await redis.ttl(keys.room(room.code, "log")) <= FINISHED_TTL
    presence = keys.room(room.code, "presence")
    assert not await redis.exists(presence) or 0 < await redis.ttl(presence) <= FINISHED_TTL
    await redis.aclose()


async def test_a_player_coming_back_resumes_the_room(redis_url: str, in_process: InProcess) -> None:
    _, url = await in_process(redis_url, abandon_after=30.0)
    async with BrinkClient(url, "Ada") as washington:
        room = await washington.create_room("intro", seconds=QUICK, bots={"beijing": "dove"})
        joined = await washington.join(room.code, "washington")
        token = joined.token
    await asyncio.sleep(2.6)
    assert _notices(await committed(redis_url, room.code)) == ["paused"]
    async with BrinkClient(url, "Ada") as again:
        back = await again.resume(room.code, token or "")
        assert back.view["outcome"] is None
        await again.wait_for(lambda view: again.deadline is not None, timeout=5)
        assert again.deadline is not None, "the turn timer runs again"
        turn = again.view["turn"]
        await again.wait_for(lambda view: view["turn"] > turn, timeout=15)
    log = await committed(redis_url, room.code)
    assert _notices(log)[:2] == ["paused", "resumed"]


async def test_a_thousand_finished_games_leave_only_what_the_policy_keeps(
    redis_url: str, in_process: InProcess
) -> None:
    runner, url = await in_process(redis_url)
    hub = runner.app[HUB]
    bots = {"washington": "hawk", "beijing": "dove"}
    rooms = [(await hub.create_room("intro", "en", {}, bots, True))[0] for _ in range(1000)]
    async with BrinkClient(url, "Ada") as person:  # and one game with a person in it
        played = await person.play_bot(scenario="intro", side="beijing", bot="hawk")
    async with asyncio.timeout(60):
        while not all(room.state.finished for room in rooms):
            await asyncio.sleep(0.1)
    await runner.cleanup()  # a clean stop: the process says goodbye
    redis = Redis.from_url(redis_url, decode_responses=True)
    lasting = []
    async for key in redis.scan_iter(count=1000):
        ttl = await redis.ttl(key)
        if ttl < 0:
            lasting.append(key)
        elif key.startswith("brink:rules:"):
            assert ttl <= RULES_TTL
        elif key.startswith(keys.room(played.code)):
            assert ttl <= ROOM_TTL, key  # the game with a person still goes on (paused later)
        else:
            assert ttl <= FINISHED_TTL, key
    # The only keys without an expiry are the shared indexes, and they hold nothing of the
    # finished games (only the unfinished one, which the timer loop will pause and end); and
    # the keys' layout (one short string: storage/layout.py).
    shared = {keys.TIMERS, keys.TIMER_POSITIONS, keys.GAMES, keys.GAME_SUMMARIES, keys.LAYOUT}
    assert set(lasting) <= shared, lasting
    # The index of past games lists exactly the records kept (each expires with its game).
    listed = await redis.zrange(keys.GAMES, 0, -1)
    assert len(listed) == 1000
    for code in map(str, listed[:20]):
        assert 0 < await redis.ttl(keys.room(code, "record")) <= FINISHED_TTL
    indexed = await redis.zrange(keys.TIMERS, 0, -1)
    assert set(indexed) <= {played.code}, indexed
    positions = await redis.hkeys(keys.TIMER_POSITIONS)
    assert set(positions) <= {played.code}, positions
    assert not await redis.exists(keys.PROCESSES)
    await redis.aclose()


async def test_a_game_that_ends_as_the_server_stops_is_kept(
    redis_url: str, in_process: InProcess, tmp_path: Path
) -> None:
    """A clean stop lets a finished game's keeping end: it used to cancel it, and a game whose
    record file was being written as the server stopped was never listed nor kept in Redis."""
    runner, _ = await in_process(redis_url)
    hub = runner.app[HUB]
    bots = {"washington": "hawk", "beijing": "dove"}
    room = (await hub.create_room("intro", "en", {}, bots, True))[0]
    # Its record file's writing is held up: the writer waits on a FIFO until it is read.
    folder = tmp_path / "games"
    folder.mkdir(parents=True, exist_ok=True)
    held = folder / f"{room.code}.jsonl.tmp"
    os.mkfifo(held)

    async def let_go() -> None:
        await asyncio.sleep(0.5)
        await asyncio.to_thread(lambda: held.open("rb").read())

    async with asyncio.timeout(60):
        while not room.state.finished:
            await asyncio.sleep(0.01)
    releasing = asyncio.create_task(let_go())
    await runner.cleanup()  # the server stops while the record is being written
    await releasing
    redis = Redis.from_url(redis_url, decode_responses=True)
    assert await redis.zscore(keys.GAMES, room.code) is not None
    assert await redis.exists(keys.room(room.code, "record"))
    await redis.aclose()
