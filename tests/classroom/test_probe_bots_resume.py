"""Bots put in by an instructor for the sides nobody plays get the room going.

Bots put in for both sides of a room the server paused because nobody was there play the game
on. The room used to stay paused ("Paused: nobody there" on the dashboard, the bots never moving)
and, 10 minutes on, ended as abandoned: a teacher who took over a table whose students had all
left with two bots lost it anyway."""

from __future__ import annotations

from controlkit import control, notices, teacher_headers, until

from client.connection import BrinkClient
from server.protocol import Notice


async def test_bots_for_both_sides_of_a_room_nobody_was_in_resume_it(
    server_url: str, redis_url: str
) -> None:
    headers = await teacher_headers(server_url, redis_url)
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Bo") as bo,
        BrinkClient(server_url, "Cy") as watcher,
    ):
        room = await teacher.create_room("intro", seconds={"betting": 2, "talks": 2})
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await watcher.join(room.code)  # a spectator: nobody at the table
        await ada.drop()
        await bo.drop()

        def system_paused() -> bool:
            return any(n.kind == "paused" and n.by == "system" for n in notices(watcher))

        await until(watcher, system_paused, timeout=30)
        await control(teacher, "bot_in", room.code, seat="washington", bot="tit_for_tat")
        await until(watcher, lambda: notices(watcher, "bot_in"))
        # one side played by a bot, the other by nobody: still nobody plays, still paused
        assert notices(watcher)[-1].kind == "bot_in"
        await control(teacher, "bot_in", room.code, seat="beijing", bot="dove")
        await until(watcher, lambda: notices(watcher, "resumed"))
        resumed = notices(watcher, "resumed")[-1]
        assert (resumed.by, resumed.reason) == ("ms_li", "instructor")
        # and the bots play
        after = len(watcher.entries)

        def bots_moved() -> bool:
            sides = {getattr(e.event, "side", None) for e in watcher.entries[after:] if e.event}
            return {"washington", "beijing"} <= sides

        await until(watcher, bots_moved)


async def test_a_bot_for_the_empty_side_of_a_room_waiting_for_its_players_starts_its_clock(
    server_url: str, redis_url: str
) -> None:
    """A latecomer alone in a room waits for a second player; a bot put in for the other side
    (the room's Controls) seats that side, so the clock starts, as when a player sits down. It
    used to stay "waiting for its players" with the bot never moving."""
    headers = await teacher_headers(server_url, redis_url)
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Ada") as ada,
    ):
        room = await teacher.create_room("intro")
        await ada.join(room.code, "washington")
        assert ada.view is not None
        await control(teacher, "bot_in", room.code, seat="beijing", bot="tit_for_tat")
        await until(ada, lambda: any(n.reason == "seats_filled" for n in every_notice(ada)))
        assert not any(n.kind == "paused" for n in notices(ada))


def every_notice(client: BrinkClient) -> list[Notice]:
    return [e.notice for e in client.entries if e.notice is not None]
