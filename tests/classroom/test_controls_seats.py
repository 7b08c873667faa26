"""An instructor's controls of who plays: a seat given to someone else, a bot standing in for a
player who dropped, and the seat handed back (by the player's return, or by the instructor)."""

from __future__ import annotations

import pytest
from controlkit import control, eventually, notices, teacher_headers, until

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check
from server.live.connection import SEAT_LOST


async def test_a_reassigned_seat_has_a_new_holder_and_the_old_token_stops_working(
    server_url: str, redis_url: str
) -> None:
    headers = await teacher_headers(server_url, redis_url)
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Bo") as bo,
    ):
        room = await teacher.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        old_token = ada.token
        assert old_token is not None
        done = await control(teacher, "reassign", room.code, seat="washington", name="Cy")
        token = done.results[0].token
        assert token is not None and token != old_token
        # Ada is told, then her socket is closed with its own code.
        await until(bo, lambda: notices(bo, "reassigned"))
        moved = notices(bo, "reassigned")[0]
        assert (moved.seat, moved.name, moved.by) == ("washington", "Cy", "ms_li")
        assert moved.previous == "Ada"  # kept: outside a class nothing else names her
        socket = ada._socket
        assert socket is not None
        await socket.wait_closed()
        assert socket.close_code == SEAT_LOST
        async with BrinkClient(server_url, "Ada") as again:
            with pytest.raises(ServerError) as lost:
                await again.resume(room.code, old_token)
            assert lost.value.code == "bad_token"
        async with BrinkClient(server_url, "Cy") as cy:
            joined = await cy.resume(room.code, token)
            assert joined.seat == "washington" and joined.seats["washington"] == "Cy"
            await cy.act(Check())
        with pytest.raises(ServerError) as role:
            await control(teacher, "reassign", room.code, seat="washington:intern", name="Di")
        assert role.value.code == "unknown_role"


async def test_a_bot_stands_in_for_a_dropped_player_and_hands_the_seat_back(
    server_url: str, redis_url: str
) -> None:
    headers = await teacher_headers(server_url, redis_url)
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Bo") as bo,
    ):
        room = await teacher.create_room("intro")
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        with pytest.raises(ServerError) as here:
            await control(teacher, "bot_in", room.code, seat="beijing", bot="tit_for_tat")
        assert here.value.code == "player_here"
        token = bo.token
        assert token is not None
        await bo.drop()
        await eventually(lambda: any(p.status == "away" for p in ada.presence))
        await control(teacher, "bot_in", room.code, seat="beijing", bot="tit_for_tat")
        await until(ada, lambda: notices(ada, "bot_in"))
        stand_in = notices(ada, "bot_in")[0]
        assert (stand_in.seat, stand_in.name, stand_in.by) == ("beijing", "tit_for_tat", "ms_li")
        assert any(p.status == "bot" and p.seat == "beijing" for p in ada.presence)
        # The bot plays Beijing's turn.
        await ada.act(Check())
        await until(ada, lambda: ada.view["to_act"] != "beijing")
        moved = [
            e.event for e in ada.entries if e.event and getattr(e.event, "side", "") == "beijing"
        ]
        assert moved[-1] is not None and moved[-1].type in ("checked", "stake_raised", "folded")
        # Bo comes back: the side is his again, at once.
        async with BrinkClient(server_url, "Bo") as back:
            await back.resume(room.code, token, since=0)
            await until(ada, lambda: notices(ada, "bot_out"))
            handed = notices(ada, "bot_out")[0]
            assert (handed.seat, handed.by, handed.reason) == ("beijing", "system", "player_back")
            assert back.seats["beijing"] == "Bo"
            # The instructor takes him off again only once he has gone.
            away = sum(p.status == "away" for p in ada.presence)
            await back.drop()
        await eventually(lambda: sum(p.status == "away" for p in ada.presence) > away)
        await control(teacher, "bot_in", room.code, seat="beijing", bot="dove")
        await control(teacher, "bot_out", room.code, seat="beijing")
        await until(ada, lambda: len(notices(ada, "bot_out")) == 2)
        assert notices(ada, "bot_out")[1].by == "ms_li"
        with pytest.raises(ServerError) as none:
            await control(teacher, "bot_out", room.code, seat="beijing")
        assert none.value.code == "no_bot"
        with pytest.raises(ServerError) as side:
            await control(teacher, "bot_in", room.code, seat="beijing:treasury", bot="dove")
        assert side.value.code == "not_a_side"
        with pytest.raises(ServerError) as bot:
            await control(teacher, "bot_in", room.code, seat="beijing", bot="genius")
        assert bot.value.code == "unknown_bot"
