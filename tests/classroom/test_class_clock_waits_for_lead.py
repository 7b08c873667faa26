"""A class's room of teams starts its clock once each side's student with the final say (the
President, the Leader: only they may fold or accept a deal) has sat down: it started as soon as
any student a side had, a Vice Premier alone at Beijing's end of the table included, and the
side's turns ran on with nobody there who could settle them. Its juniors may come later; the
instructor's Start all rooms starts it without them (docs/classroom.md)."""

from __future__ import annotations

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_seat_left import seated
from controlkit import until

from client.connection import BrinkClient
from server.protocol import ChatLine, ClassView, WatchClass

SECONDS = {"betting": 30, "talks": 30}


def clock(watcher: BrinkClient) -> list[str]:
    """The room's clock as its log tells it: waiting, then started (or not)."""
    return [
        e.notice.reason
        for e in watcher.entries
        if e.notice is not None and e.notice.kind in ("paused", "resumed")
    ]


def said(watcher: BrinkClient, text: str) -> bool:
    return any(isinstance(e.chat, ChatLine) and e.chat.text == text for e in watcher.entries)


async def test_a_team_room_waits_for_each_sides_lead_before_its_clock_starts(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    setup = {
        "scenario": "intro",
        "roster_text": "Ada\nBo\nCy\nDi\n",  # Washington: Ada, Bo; Beijing: Cy (Leader), Di
        "shuffle": False,
        "team": 2,
        "seconds": SECONDS,
    }
    async with await signed_in(server_url) as teacher:
        async with teacher.post("/api/classes", json=setup) as made:
            assert made.status == 201, await made.text()
            info = await made.json()
        code, (room,) = info["code"], info["rooms"]
        async with BrinkClient(server_url, "Sam", record=True) as watcher:
            await watcher.join(room)
            ada = await seated(server_url, code, "Ada")
            di = await seated(server_url, code, "Di")
            try:
                assert (ada.seat, di.seat) == ("washington:president", "beijing:vice_premier")
                # Di's seating is over before her next message is read: a clock started by
                # it is in the log before her line
                await di.chat("here")
                await until(watcher, lambda: said(watcher, "here"))
                assert clock(watcher) == ["waiting_for_players"]
                # the dashboard says whom it waits for: Beijing's Leader, not Bo (a junior)
                cookie = {"Cookie": session_cookie(teacher)}
                async with BrinkClient(server_url, "Ms Li", headers=cookie) as board:
                    view = await board.request(WatchClass(code=code))
                assert isinstance(view, ClassView)
                assert view.rooms[0]["held_up"] == {
                    "reason": "not_started",
                    "seats": ["beijing:leader"],
                }

                cy = await seated(server_url, code, "Cy")  # Beijing's Leader
                try:
                    await until(watcher, lambda: clock(watcher)[-1:] == ["seats_filled"])
                    assert watcher.deadline is not None
                finally:
                    await cy.close()
            finally:
                await ada.close()
                await di.close()
