"""Which of a team acted: the events of a team role's command name its seat (`Entry.seat`) for
that side's seats and the instructor, and for nobody else. Teammates read "Washington checks."
and could not tell which of them had."""

from __future__ import annotations

from client.connection import BrinkClient
from server.engine.commands import Check
from server.protocol import Entry


def checked(client: BrinkClient) -> Entry | None:
    """The entry of Washington's check, once the client has it."""
    return next(
        (
            e
            for e in client.entries
            if e.event is not None and e.event.type == "checked" and e.event.side == "washington"
        ),
        None,
    )


async def told_check(client: BrinkClient) -> Entry:
    while (entry := checked(client)) is None:
        await client.next_update()
    return entry


async def test_a_team_is_told_which_role_acted_and_the_other_side_is_not(
    server_url: str,
) -> None:
    async with (
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Cy") as cy,
        BrinkClient(server_url, "Bo") as bo,
        BrinkClient(server_url) as spectator,
        BrinkClient(server_url, "Prof") as teacher,
    ):
        room = await ada.create_room("full_2025", timers=False)
        await ada.join(room.code, "washington:president")
        await cy.join(room.code, "washington:treasury")
        await bo.join(room.code, "beijing:leader")
        await spectator.join(room.code)
        await teacher.join(room.code, instructor_key=room.instructor_key)
        await cy.wait_for(lambda view: view.get("to_act") in ("washington", "beijing"))
        if cy.view["to_act"] == "beijing":
            await bo.act(Check())
            await cy.wait_for(lambda view: view.get("to_act") == "washington")
        await cy.act(Check())
        for teammate in (ada, cy, teacher):
            assert (await told_check(teammate)).seat == "washington:treasury"
        for outsider in (bo, spectator):
            assert (await told_check(outsider)).seat is None
        # and so when the game is read again from its log (a seat resuming, a late joiner)
        async with BrinkClient(server_url, "Di") as di:
            await di.join(room.code, "washington:commerce")
            assert (await told_check(di)).seat == "washington:treasury"
        async with BrinkClient(server_url, "Li") as li:
            await li.join(room.code, "beijing:vice_premier")
            assert (await told_check(li)).seat is None
