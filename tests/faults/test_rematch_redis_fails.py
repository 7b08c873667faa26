"""Redis failing part-way through making a rematch (docs/protocol/25-rematch.md): the new room
was made, and the notice naming it could not be committed to the finished room — or its ruleset
could not be stored. The request is refused (`unavailable`) and leaves no room behind that
nobody will ever be sent to (it stayed in Redis for a day, and held by the process); the players
ask again and get one rematch. A notice that landed though its answer was lost is kept: the
request is answered with it, and the players are sent it (they were not, till somebody asked
again)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from faultkit import InProcess, rooms_in
from redis.asyncio import Redis
from redis.exceptions import TimeoutError as RedisTimeoutError
from rematchkit import both_play_out, hears, play_to_the_end

from client.connection import BrinkClient
from client.errors import ServerError
from server.live.hub import Hub
from server.storage.store import Commit, Written
from server.web.appkeys import HUB


async def rematches_of(redis: Redis, code: str) -> list[str]:
    """The rooms in Redis made as rematches of room `code` (their meta's `rematch`)."""
    return [
        name
        for name in sorted(await rooms_in(redis))
        if await redis.hget(name, "rematch") in (code, code.encode())
    ]


async def offered(url: str) -> tuple[BrinkClient, BrinkClient, str]:
    """Ada and Bo play a game out; Ada offers a rematch, and Bo has heard it."""
    ada, bo = BrinkClient(url, "Ada"), BrinkClient(url, "Bo")
    await ada.connect()
    await bo.connect()
    room = await ada.create_room("intro", timers=False)
    await ada.join(room.code, "washington")
    await bo.join(room.code, "beijing")
    await both_play_out(ada, bo)
    await ada.rematch()
    await hears(bo, "rematch_offered")
    return ada, bo, room.code


def fail_the_notice(
    hub: Hub, monkeypatch: pytest.MonkeyPatch, code: str, landed: bool
) -> asyncio.Event:
    """Make the next commit to room `code` fail as Redis timing out would: before it ran, or
    (`landed`) after it was written, its answer lost. Return the event set once it has."""
    commit_log = hub.store.commit_log
    failed = asyncio.Event()

    async def timing_out(commit: Commit, made: dict[str, str] | None = None) -> Written | None:
        if commit.code != code or failed.is_set():
            return await commit_log(commit, made)
        failed.set()
        if landed:
            await commit_log(commit, made)
        raise RedisTimeoutError("Redis did not answer within 5 s")

    monkeypatch.setattr(hub.store, "commit_log", timing_out)
    return failed


async def test_a_rematch_whose_notice_fails_leaves_no_room_and_can_be_asked_again(
    redis_url: str, redis: Redis, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner, url = await in_process(redis_url)
    hub: Hub = runner.app[HUB]
    ada, bo, code = await offered(url)
    try:
        failed = fail_the_notice(hub, monkeypatch, code, landed=False)
        with pytest.raises(ServerError) as refused:
            await bo.rematch()
        assert failed.is_set() and refused.value.code == "unavailable"
        assert await rematches_of(redis, code) == []  # no spare room in Redis
        assert not [r for r in hub.rooms.values() if r.info.rematch_of == code]
        await bo.rematch()  # asked again: made
        joined = await asyncio.gather(ada.join_rematch(), bo.join_rematch())
        assert joined[0].code == joined[1].code
        assert await rematches_of(redis, code) == [f"brink:room:{{{joined[0].code}}}"]
    finally:
        await ada.close()
        await bo.close()


async def test_a_rematch_notice_that_landed_unanswered_keeps_its_room(
    redis_url: str, redis: Redis, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner, url = await in_process(redis_url)
    hub: Hub = runner.app[HUB]
    ada, bo, code = await offered(url)
    try:
        failed = fail_the_notice(hub, monkeypatch, code, landed=True)
        answer = await bo.rematch()  # the log read again: it is in
        assert failed.is_set() and not answer.duplicate
        made = await hears(ada, "rematch")  # and Ada is sent it
        assert await rematches_of(redis, code) == [f"brink:room:{{{made.room}}}"]
        joined = await asyncio.gather(ada.join_rematch(), bo.join_rematch())
        assert joined[0].code == joined[1].code == made.room
    finally:
        await ada.close()
        await bo.close()


async def test_a_rematch_whose_ruleset_cannot_be_stored_leaves_no_room(
    redis_url: str, redis: Redis, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner, url = await in_process(redis_url)
    hub: Hub = runner.app[HUB]
    ada, bo, code = await offered(url)
    try:

        async def away(*args: Any) -> None:
            raise RedisTimeoutError("Redis did not answer within 5 s")

        monkeypatch.setattr(hub.store, "keep_rules", away)
        with pytest.raises(ServerError) as refused:
            await bo.rematch()
        assert refused.value.code == "unavailable"
        assert await rematches_of(redis, code) == []
        assert not [r for r in hub.rooms.values() if r.info.rematch_of == code]
        monkeypatch.undo()
        await bo.rematch()
        joined = await asyncio.gather(ada.join_rematch(), bo.join_rematch())
        assert joined[0].code == joined[1].code
    finally:
        await ada.close()
        await bo.close()


async def test_a_rematch_against_a_bot_whose_notice_fails_leaves_no_room(
    redis_url: str, redis: Redis, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Against a bot the rematch is made at once, its bot seated in it here: scrapped all the
    same, and made when asked again."""
    runner, url = await in_process(redis_url)
    hub: Hub = runner.app[HUB]
    async with BrinkClient(url, "Mei") as mei:
        joined = await mei.play_bot(scenario="intro", bot="hawk", side="washington")
        await play_to_the_end(mei)
        failed = fail_the_notice(hub, monkeypatch, joined.code, landed=False)
        with pytest.raises(ServerError) as refused:
            await mei.rematch()
        assert failed.is_set() and refused.value.code == "unavailable"
        assert await rematches_of(redis, joined.code) == []
        assert not [r for r in hub.rooms.values() if r.info.rematch_of == joined.code]
        await mei.rematch()
        again = await mei.join_rematch()
        assert await rematches_of(redis, joined.code) == [f"brink:room:{{{again.code}}}"]
        await mei.wait_for(lambda view: view["to_act"] == "washington", timeout=10)


async def test_a_bot_rematch_not_known_named_is_not_held_in_memory(
    redis_url: str, redis: Redis, in_process: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redis still away when the finished room's log is read again: nobody can tell whether the
    notice named the new room, so it stays in Redis (to expire unplayed, or be joined) — but this
    process lets its copy go, its bot with it (it stayed in memory for good, its bot seated)."""
    runner, url = await in_process(redis_url)
    hub: Hub = runner.app[HUB]
    async with BrinkClient(url, "Mei") as mei:
        joined = await mei.play_bot(scenario="intro", bot="hawk", side="washington")
        await play_to_the_end(mei)
        failed = fail_the_notice(hub, monkeypatch, joined.code, landed=False)

        catch_up = hub.catch_up

        async def away_after(room: Any) -> None:  # Redis away from the failed notice on
            if failed.is_set():
                raise RedisTimeoutError("Redis did not answer within 5 s")
            await catch_up(room)

        monkeypatch.setattr(hub, "catch_up", away_after)
        with pytest.raises(ServerError) as refused:
            await mei.rematch()
        assert failed.is_set() and refused.value.code == "unavailable"
        assert len(await rematches_of(redis, joined.code)) == 1  # made, perhaps named
        assert not [r for r in hub.rooms.values() if r.info.rematch_of == joined.code]
