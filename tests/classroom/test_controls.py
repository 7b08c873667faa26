"""An instructor's controls of a room over real websockets and a real Redis: pause and resume,
broadcast, news, the timer, the default action, the end. Each is written into the room's log
(who, when, what) and a replay of the log reproduces the game."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from controlkit import control, notices, teacher_headers, until
from redis.asyncio import Redis

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check
from server.replay.record import header_for, read_record, write_record
from server.replay.verify import verify
from server.ruleset.loader import load_ruleset
from server.storage.store import Store


@dataclass
class Table:
    """A room the teacher owns, with Ada (Washington) and Bo (Beijing) seated."""

    code: str
    key: str
    teacher: BrinkClient
    ada: BrinkClient
    bo: BrinkClient


@pytest.fixture
async def table(server_url: str, redis_url: str) -> AsyncIterator[Table]:
    headers = await teacher_headers(server_url, redis_url)
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Bo") as bo,
    ):
        room = await teacher.create_room("intro")
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await until(ada, lambda: ada.deadline is not None)  # both seated: the clock runs
        yield Table(room.code, room.instructor_key, teacher, ada, bo)


async def test_a_pause_freezes_the_turn_refuses_moves_and_resumes_with_the_time_left(
    table: Table,
) -> None:
    ada = table.ada
    assert ada.deadline is not None
    done = await control(table.teacher, "pause", table.code)
    assert done.results[0].room == table.code and done.results[0].n is not None
    await until(ada, lambda: notices(ada, "paused"))
    paused = notices(ada, "paused")[0]
    assert paused.by == "ms_li" and paused.reason == "instructor"
    assert paused.left_ms is not None and paused.left_ms > 10_000
    assert ada.deadline is None  # nothing counts down while paused
    with pytest.raises(ServerError) as refused:
        await ada.act(Check())
    assert refused.value.code == "paused"
    assert "instructor" in refused.value.message
    # A player coming back does not resume an instructor's pause.
    token = ada.token
    assert token is not None
    await ada.drop()
    async with BrinkClient(ada.url, "Ada") as again:
        await again.resume(table.code, token, since=0)
        assert again.deadline is None and not notices(again, "resumed")
        with pytest.raises(ServerError) as still:
            await again.act(Check())
        assert still.value.code == "paused"
        with pytest.raises(ServerError) as twice:
            await control(table.teacher, "pause", table.code)
        assert twice.value.code == "already_paused"
        await control(table.teacher, "resume", table.code)
        await until(again, lambda: notices(again, "resumed"))
        resumed = notices(again, "resumed")[0]
        assert resumed.by == "ms_li"
        assert again.deadline == resumed.at + paused.left_ms  # the time that was left
        await again.act(Check())
    with pytest.raises(ServerError) as not_paused:
        await control(table.teacher, "resume", table.code)
    assert not_paused.value.code == "not_paused"


async def test_a_broadcast_reaches_every_seat_watcher_and_the_instructor(
    table: Table, server_url: str
) -> None:
    async with BrinkClient(server_url, "Sam") as sam, BrinkClient(server_url, "Prof") as prof:
        await sam.join(table.code)
        await prof.join(table.code, instructor_key=table.key)
        await control(table.teacher, "broadcast", table.code, text="Two minutes left")
        for client in (table.ada, table.bo, sam, prof):
            await until(client, lambda c=client: notices(c, "broadcast"))
            said = notices(client, "broadcast")[0]
            assert (said.text, said.by) == ("Two minutes left", "ms_li")
            assert said.at > 0


def _injected(client: BrinkClient, field: str = "news") -> list[object]:
    """Return `field` of every news_injected event the client was shown."""
    events = [e.event for e in client.entries if e.event is not None]
    return [getattr(e, field) for e in events if e.type == "news_injected"]


async def test_injected_news_changes_the_game_for_everyone_and_the_log_replays(
    table: Table, redis_url: str
) -> None:
    ada, bo = table.ada, table.bo
    pressure = ada.view["public"]["us_pressure"]
    deadline = ada.deadline
    await control(
        table.teacher,
        "news",
        table.code,
        text="Protests outside the White House",
        effects=["pressure_on_washington"],
    )
    await until(bo, lambda: bo.view["public"]["us_pressure"] == pressure + 5)
    assert _injected(bo, "text") == ["Protests outside the White House"]
    assert notices(bo, "news")[0].by == "ms_li"
    assert bo.resyncs == 0  # a notice, a command and its events: the client missed nothing
    await until(ada, lambda: ada.view["public"]["us_pressure"] == pressure + 5)
    assert ada.deadline == deadline  # the turn keeps its clock
    with pytest.raises(ServerError) as unknown:
        await control(table.teacher, "news", table.code, text="x", effects=["no_such_effect"])
    assert unknown.value.code == "unknown_effect"
    with pytest.raises(ServerError) as off_deck:
        await control(table.teacher, "news", table.code, news="geneva_talks")
    assert off_deck.value.code == "unknown_news"
    deck_news = "markets_tumble"
    await control(table.teacher, "news", table.code, news=deck_news)
    await until(ada, lambda: _injected(ada) == [None, deck_news])
    await ada.act(Check())
    await control(table.teacher, "end", table.code)
    await until(ada, lambda: ada.finished)
    assert ada.view["outcome"] == "called"
    assert notices(ada, "ended")[0].by == "ms_li"
    # The log as Redis keeps it is a record the engine replays to the same events and end.
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        entries = await Store(redis).entries_since(table.code, 0)
    finally:
        await redis.aclose()
    rules = load_ruleset(Path("rules/intro.yaml").resolve())
    text = write_record(header_for(table.code, rules, entries, {}, {}), entries)
    verified = verify(read_record(text))
    assert verified.final.outcome == "called"
    assert sum('"seat":"instructor"' in line for line in entries) == 3


async def test_the_timer_is_extended_shortened_and_a_short_one_times_out(table: Table) -> None:
    ada = table.ada
    before = ada.deadline
    assert before is not None
    await control(table.teacher, "timer", table.code, seconds=60)
    await until(ada, lambda: notices(ada, "timer"))
    assert ada.deadline == before + 60_000
    assert notices(ada, "timer")[0].seconds == 60
    await control(table.teacher, "timer", table.code, seconds=-3600)
    # Nothing left of the turn: the server times it out as it would any turn.
    await until(ada, lambda: any(e.event and e.event.type == "timed_out" for e in ada.entries))
    assert [n.seconds for n in notices(ada, "timer")] == [60, -3600]
    await control(table.teacher, "pause", table.code)
    with pytest.raises(ServerError) as paused:
        await control(table.teacher, "timer", table.code, seconds=30)
    assert paused.value.code == "paused"


async def test_force_applies_the_default_action_now(table: Table) -> None:
    ada = table.ada
    assert ada.view["to_act"] == "washington"
    await control(table.teacher, "force", table.code)
    await until(ada, lambda: ada.view["to_act"] == "beijing")
    forced = notices(ada, "forced")[0]
    assert forced.by == "ms_li"
    after = [e.event.type for e in ada.entries if e.n > 0 and e.event is not None][-3:]
    assert after == ["timed_out", "checked", "turn_started"]
    await control(table.teacher, "end", table.code)
    with pytest.raises(ServerError) as over:
        await control(table.teacher, "force", table.code)
    assert over.value.code == "game_over"


async def test_a_room_waiting_for_its_players_is_started_by_resume_not_paused(
    server_url: str, redis_url: str
) -> None:
    headers = await teacher_headers(server_url, redis_url)
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Ada") as ada,
    ):
        room = await teacher.create_room("intro")
        await ada.join(room.code, "washington")  # Beijing is empty: the clock waits
        assert ada.deadline is None
        for action in ("pause", "force"):
            with pytest.raises(ServerError) as waiting:
                await control(teacher, action, room.code)
            assert waiting.value.code == "not_started"
        await control(teacher, "resume", room.code)
        await until(ada, lambda: ada.deadline is not None)
        started = [e.notice for e in ada.entries if e.notice and e.notice.reason == "started"]
        assert started and started[0].by == "ms_li" and started[0].kind == "resumed"
        await ada.act(Check())
