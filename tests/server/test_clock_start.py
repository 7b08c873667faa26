"""A room's clock starts when its players are seated (or when it is started), not when it is
created: rooms prepared before the class arrives do not play themselves by timeouts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from serverkit import Start, start_server

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check
from server.live import lifecycle
from server.protocol import Entry
from server.web.appkeys import HUB

SECONDS = {"betting": 2, "talks": 2}


def notices(entries: list[Entry]) -> list[tuple[str, str, str]]:
    return [(e.notice.kind, e.notice.reason, e.notice.by) for e in entries if e.notice]


def timed_out(entries: list[Entry]) -> bool:
    return any(e.event is not None and e.event.type == "timed_out" for e in entries)


async def test_the_clock_waits_until_both_sides_are_seated(server_url: str) -> None:
    async with (
        BrinkClient(server_url, "Sam") as sam,
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Bo") as bo,
    ):
        room = await sam.create_room("intro", seconds=SECONDS)
        watching = await sam.join(room.code)
        assert watching.deadline is None, "the clock runs with nobody seated"
        assert notices(watching.entries) == [("paused", "waiting_for_players", "system")]
        seated = await ada.join(room.code, "washington")
        assert seated.deadline is None, "the clock runs with one side seated"
        assert seated.options is None  # nothing to do until the game starts
        with pytest.raises(ServerError) as refused:
            await ada.act(Check())
        assert refused.value.code == "not_started"

        await bo.join(room.code, "beijing")
        view = await ada.wait_for(lambda _: ada.deadline is not None)
        assert view["to_act"] == "washington"
        assert notices(ada.entries)[-1] == ("resumed", "seats_filled", "system")
        assert ada.options is not None
        await ada.act(Check())
        # and now it runs: an unanswered turn times out
        await ada.wait_for(lambda _: timed_out(ada.entries), timeout=8)


async def test_a_bot_side_counts_as_seated(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as ada:
        room = await ada.create_room("intro", seconds=SECONDS, bots={"beijing": "dove"})
        await ada.join(room.code, "washington")
        await ada.wait_for(lambda _: ada.deadline is not None)
        assert notices(ada.entries)[-1] == ("resumed", "seats_filled", "system")
    async with BrinkClient(server_url, "Li") as li:
        joined = await li.play_bot(side="beijing", bot="hawk")
        await li.wait_for(lambda _: li.deadline is not None)
        assert joined.code


async def test_a_room_without_timers_does_not_wait(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as ada:
        room = await ada.create_room("intro", timers=False)
        joined = await ada.join(room.code, "washington")
        assert notices(joined.entries) == []
        await ada.act(Check())


async def test_the_instructor_starts_the_clock_with_one_side_seated(
    redis_url: str, tmp_path: Path, servers: Start
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    other = await servers()  # a second process on the same Redis
    try:
        hub = runner.app[HUB]
        async with BrinkClient(url, "Ada") as ada, BrinkClient(other, "Sam") as sam:
            created = await ada.create_room("intro", seconds=SECONDS)
            await ada.join(created.code, "washington")
            await sam.join(created.code)
            room = await hub.room(created.code)
            assert room is not None
            assert await lifecycle.start_clock(hub, room, "instructor:Prof")
            assert not await lifecycle.start_clock(hub, room, "instructor:Prof"), "twice"
            await sam.wait_for(lambda _: sam.deadline is not None)
            assert notices(sam.entries)[-1] == ("resumed", "started", "instructor:Prof")
            assert ada.deadline is None or ada.deadline == sam.deadline
            # Washington plays on though Beijing is still empty; Beijing's turn times out
            # (Washington is at the table, so the room does not pause).
            await ada.wait_for(lambda _: ada.options is not None)
            await ada.act(Check())
            await sam.wait_for(lambda _: timed_out(sam.entries), timeout=8)
            # a later seat does not start anything again (its arrival is announced after
            # anything its seating commits)
            async with BrinkClient(other, "Bo") as bo:
                await bo.join(created.code, "beijing")
                async with asyncio.timeout(5):
                    while not any(p.seat == "beijing" for p in sam.presence):
                        await asyncio.sleep(0.01)
            assert [n[0] for n in notices(sam.entries)] == ["paused", "resumed"]
    finally:
        await runner.cleanup()


async def test_players_on_two_processes_start_the_clock_once(servers: Start) -> None:
    first, second = await servers(), await servers()
    async with (
        BrinkClient(first, "Ada") as ada,
        BrinkClient(second, "Bo") as bo,
        BrinkClient(second, "Sam") as sam,
    ):
        room = await ada.create_room("intro", seconds=SECONDS)
        await sam.join(room.code)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await sam.wait_for(lambda _: sam.deadline is not None)
        await ada.wait_for(lambda _: ada.deadline is not None)
        assert ada.deadline == sam.deadline
        assert [n[0] for n in notices(sam.entries)] == ["paused", "resumed"]
