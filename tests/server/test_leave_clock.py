"""A seat given up mid-game stops the room's clock while its side has nobody seated: no turn of a
side nobody sits at times out to default moves, and the clock goes on, with the time that was
left, when someone takes the seat (server/live/vacancy.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from controlkit import clocked_room, control, teacher_headers
from serverkit import Start

from client.connection import BrinkClient
from server.engine.commands import Check
from server.protocol import Entry

SECONDS = {"betting": 30, "talks": 30}
SHORT = {"betting": 2, "talks": 2}


def notices(entries: Sequence[Entry]) -> list[tuple[str, str, str]]:
    """(kind, reason, by) of the notices after the clock started."""
    found: list[tuple[str, str, str]] = [
        (e.notice.kind, e.notice.reason, e.notice.by) for e in entries if e.notice
    ]
    assert found[:2] == [
        ("paused", "waiting_for_players", "system"),
        ("resumed", "seats_filled", "system"),
    ]
    return found[2:]


def timed_out(entries: Sequence[Entry]) -> bool:
    return any(e.event is not None and e.event.type == "timed_out" for e in entries)


async def until(client: BrinkClient, predicate: object, timeout: float = 5) -> None:
    async with asyncio.timeout(timeout):
        while not predicate(client):  # type: ignore[operator]
            await client.next_update(timeout)


async def test_a_seat_left_stops_the_clock_until_someone_takes_it(servers: Start) -> None:
    first, second = await servers(), await servers()
    async with (
        BrinkClient(first, "Ada") as ada,
        BrinkClient(second, "Bo") as bo,
        BrinkClient(first, "Cy") as cy,
    ):
        room = await ada.create_room("intro", seconds=SECONDS)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await ada.wait_for(lambda _: ada.deadline is not None)
        await ada.act(Check())  # washington's turn over; beijing's runs
        await bo.wait_for(lambda _: bo.my_options is not None)
        running = bo.deadline
        assert running is not None
        await ada.leave()
        await until(bo, lambda c: ("paused", "no_seat", "system") in notices(c.entries))
        left = [e.notice for e in bo.entries if e.notice and e.notice.kind == "seat_left"]
        assert [(n.seat, n.name) for n in left] == [("washington", "Ada")]
        # while paused, the deadline is when the game is called off if nobody comes
        assert bo.deadline is not None and bo.deadline > running + 60_000
        assert bo.my_options is None, "beijing may move while the clock waits"
        pause = next(e.notice for e in bo.entries if e.notice and e.notice.reason == "no_seat")
        assert pause.left_ms is not None and 25_000 < pause.left_ms <= 30_000
        await cy.join(room.code, "washington")  # another process than beijing's
        await until(bo, lambda c: notices(c.entries)[-1] == ("resumed", "seat_taken", "system"))
        assert bo.deadline is not None
        assert bo.deadline - running < 5_000, "the turn did not get back what was left of it"
        await bo.act(Check())


async def test_no_turn_times_out_while_the_seat_is_empty(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Bo") as bo:
        room = await ada.create_room("intro", seconds=SHORT)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await ada.wait_for(lambda _: ada.deadline is not None)
        await ada.leave()
        await until(bo, lambda c: ("paused", "no_seat", "system") in notices(c.entries))
        await asyncio.sleep(4.5)  # turns of two seconds each
        await bo.resync()
        assert not timed_out(bo.entries), "the empty side's turns timed out to default moves"
        assert notices(bo.entries)[-1][:2] == ("paused", "no_seat")


async def test_the_other_side_coming_back_does_not_start_the_clock(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Bo") as bo:
        room = await ada.create_room("intro", seconds=SECONDS)
        await ada.join(room.code, "washington")
        joined = await bo.join(room.code, "beijing")
        await ada.wait_for(lambda _: ada.deadline is not None)
        await ada.leave()
        await until(bo, lambda c: ("paused", "no_seat", "system") in notices(c.entries))
    async with BrinkClient(server_url, "Bo") as again:
        back = await again.resume(room.code, joined.token or "")
        await asyncio.sleep(0.3)
        await again.resync()
        assert notices(again.entries)[-1][:2] == ("paused", "no_seat")
        assert back.options is None and again.my_options is None


async def test_an_instructors_pause_over_it_holds_when_the_seat_is_taken(
    server_url: str, redis_url: str
) -> None:
    async with (
        clocked_room(server_url, redis_url) as (teacher, ada, bo, room),
        BrinkClient(server_url, "Cy") as cy,
    ):
        await ada.leave()
        await until(bo, lambda c: ("paused", "no_seat", "system") in notices(c.entries))
        await control(teacher, "pause", room.code)
        await until(bo, lambda c: notices(c.entries)[-1] == ("paused", "instructor", "ms_li"))
        await cy.join(room.code, "washington")
        await asyncio.sleep(0.3)
        await bo.resync()
        assert notices(bo.entries)[-1] == ("paused", "instructor", "ms_li"), (
            "a seat taken resumed the instructor's pause"
        )
        await control(teacher, "resume", room.code)
        await until(bo, lambda c: notices(c.entries)[-1] == ("resumed", "instructor", "ms_li"))


async def test_a_bot_stands_in_for_the_side_and_the_clock_goes_on(
    server_url: str, redis_url: str
) -> None:
    async with clocked_room(server_url, redis_url) as (teacher, ada, bo, room):
        turn = bo.view["turn"]
        await ada.leave()
        await until(bo, lambda c: ("paused", "no_seat", "system") in notices(c.entries))
        await control(teacher, "bot_in", room.code, seat="washington", bot="dove")
        await until(bo, lambda c: notices(c.entries)[-1][0] == "resumed")
        await until(bo, lambda c: c.view["turn"] > turn)  # the bot played washington's turn


async def test_against_a_bot_the_game_waits_for_the_player(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Sam") as sam:
        joined = await ada.play_bot(side="washington", bot="hawk", scenario="intro")
        await ada.wait_for(lambda _: ada.deadline is not None)
        await sam.join(joined.code)  # watching
        await ada.leave()
        await until(sam, lambda c: ("paused", "no_seat", "system") in notices(c.entries))
        n = sam.entries[-1].n
        await asyncio.sleep(0.5)
        await sam.resync()
        assert sam.entries[-1].n == n, "the bot played on against an empty seat"


async def test_a_seat_left_during_an_instructors_pause_waits_once_they_resume(
    server_url: str, redis_url: str
) -> None:
    """A class paused, a student left, the teacher resumed: the empty side's turns timed out to
    default moves, as if nobody had noticed the leave."""
    async with (
        clocked_room(server_url, redis_url, SHORT) as (teacher, ada, bo, room),
        BrinkClient(server_url, "Cy") as cy,
    ):
        await control(teacher, "pause", room.code)
        await until(bo, lambda c: notices(c.entries)[-1] == ("paused", "instructor", "ms_li"))
        await ada.leave()
        await until(bo, lambda c: any(e.notice and e.notice.kind == "seat_left" for e in c.entries))
        await control(teacher, "resume", room.code)
        # the turn's two seconds run out: the room waits for the seat instead of timing out
        await until(bo, lambda c: notices(c.entries)[-1][:2] == ("paused", "no_seat"), 8)
        assert not timed_out(bo.entries), "the empty side's turn timed out to a default move"
        await cy.join(room.code, "washington")
        await until(bo, lambda c: notices(c.entries)[-1] == ("resumed", "seat_taken", "system"))
        assert cy.my_options is not None or bo.my_options is not None


async def test_an_instructor_who_resumes_the_waiting_room_goes_on_without_the_seat(
    server_url: str, redis_url: str
) -> None:
    async with clocked_room(server_url, redis_url, SHORT) as (teacher, ada, bo, room):
        await ada.leave()
        await until(bo, lambda c: ("paused", "no_seat", "system") in notices(c.entries))
        await control(teacher, "resume", room.code)
        await until(bo, lambda c: timed_out(c.entries), 8)  # as the instructor chose
        assert notices(bo.entries)[-1] == ("resumed", "instructor", "ms_li")


async def test_a_seat_an_instructor_gives_starts_the_clock_when_its_player_sits_down(
    server_url: str, redis_url: str
) -> None:
    async with (
        clocked_room(server_url, redis_url) as (teacher, ada, bo, room),
        BrinkClient(server_url, "Cy") as cy,
    ):
        await ada.leave()
        await until(bo, lambda c: ("paused", "no_seat", "system") in notices(c.entries))
        done = await control(teacher, "reassign", room.code, seat="washington", name="Cy")
        await until(
            bo, lambda c: any(e.notice and e.notice.kind == "reassigned" for e in c.entries)
        )
        assert notices(bo.entries)[-1][:2] == ("reassigned", ""), "the clock went on, nobody there"
        await cy.resume(room.code, done.results[0].token or "")
        await until(bo, lambda c: notices(c.entries)[-1] == ("resumed", "seat_taken", "system"))


async def test_a_side_empty_from_the_start_does_not_keep_the_room_waiting(
    server_url: str, redis_url: str
) -> None:
    # An instructor started the clock with Beijing's seat never taken (its turns time out): a
    # Washington player who leaves and comes back gets the clock going again, though Beijing is
    # still nobody's (the room waited for every side, and was abandoned 10 minutes later).
    headers = await teacher_headers(server_url, redis_url)
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Sam") as sam,
    ):
        room = await teacher.create_room("intro", seconds=SECONDS)
        await ada.join(room.code, "washington")
        await sam.join(room.code)
        await control(teacher, "resume", room.code)  # the clock starts, Beijing empty
        await ada.wait_for(lambda _: ada.deadline is not None)
        await ada.leave()
        await until(sam, lambda c: ("paused", "no_seat", "system") in said(c.entries))
        await ada.join(room.code, "washington")
        await until(sam, lambda c: said(c.entries)[-1] == ("resumed", "seat_taken", "system"))


def said(entries: Sequence[Entry]) -> list[tuple[str, str, str]]:
    """(kind, reason, by) of every notice."""
    return [(e.notice.kind, e.notice.reason, e.notice.by) for e in entries if e.notice]
