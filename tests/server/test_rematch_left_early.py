"""A rematch's seat given up (`leave`) before its clock starts — its player arrived first and
left before the other came — is logged (`seat_left`) as one given up later is: the seat is then
anyone's. It was not logged (the room was still waiting for its players), so the seat stayed
locked (`rematch_seat`) for all but its player, and the other player waited for nobody."""

from __future__ import annotations

from clientkit import seated
from rematchkit import both_play_out, hears, notices

from client.connection import BrinkClient


async def test_a_seat_left_before_the_clock_starts_may_be_taken(server_url: str) -> None:
    ada, bo = await seated(server_url, room={"timers": True})
    try:
        await both_play_out(ada, bo)
        await ada.rematch()
        await hears(bo, "rematch_offered")
        await bo.rematch()
        await hears(ada, "rematch")
        joined = await ada.join_rematch()
        assert ada.deadline is None, "the clock waits for Bo"
        left = await ada.leave()  # before Bo arrives: the clock has not started
        assert left.freed == "washington"

        back = await bo.join_rematch()  # Bo arrives: the seat is free, the log says so
        assert back.code == joined.code and bo.seat == "beijing"
        assert [n.seat for n in notices(bo, "seat_left")] == ["washington"]
        async with BrinkClient(server_url, "Cy") as cy:
            taken = await cy.join(joined.code, "washington")  # anyone may take it now
            assert taken.seat == "washington"
    finally:
        await ada.close()
        await bo.close()
