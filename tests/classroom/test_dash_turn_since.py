"""How long a room's turn has run, on a dashboard opened in the middle of it (a real server,
Redis and websockets).

A dashboard opened mid-turn (the teacher's tab closed and opened again, a second screen, a
dashboard on another server process) took the turn to have begun at its deadline less the
phase's time. After the teacher gave the turn more time (+60 s) that is a minute too late: the
room's "thinking for" clock stood at 0:00 (a start in the future) and the room was flagged slow
a minute late."""

from __future__ import annotations

from typing import Any

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import follow, join, make_class

from client.connection import BrinkClient
from server.live.loading import now_ms
from server.protocol import ClassView, UnwatchClass, WatchClass


async def watched(url: str, cookie: str, code: str, room: str) -> dict[str, Any]:
    """Open the class's dashboard, read `room`'s summary, and close it (the board goes)."""
    async with BrinkClient(url, "teacher", headers={"Cookie": cookie}) as teacher:
        view = await teacher.request(WatchClass(code=code))
        assert isinstance(view, ClassView)
        await teacher.request(UnwatchClass(code=code))
    return next(r for r in view.rooms if r["code"] == room)


async def test_a_dashboard_opened_after_more_time_was_given_knows_when_the_turn_began(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as session:
        info = await make_class(session, roster_text="Ada\nBo\n")
        cookie = session_cookie(session)
    code, room = info["code"], info["rooms"][0]
    players = []
    try:
        for name in ("Ada", "Bo"):
            _, joined = await join(server_url, code, name)
            player = BrinkClient(server_url, name)
            await player.__aenter__()
            players.append(player)
            at = await follow(player, code, joined["token"])
            await player.resume(at.room, at.token)  # type: ignore[arg-type]
        first = await watched(server_url, cookie, code, room)
        assert first["since"] is not None and first["deadline"] is not None
        before = now_ms()
        async with BrinkClient(server_url, "teacher", headers={"Cookie": cookie}) as teacher:
            await teacher.control("timer", room=room, seconds=60)
        again = await watched(server_url, cookie, code, room)
        assert again["deadline"] >= first["deadline"] + 60_000
        # the turn began before the time was given, as the first dashboard saw
        assert again["since"] <= before
        assert abs(again["since"] - first["since"]) < 60_000
    finally:
        for player in players:
            await player.__aexit__(None, None, None)
