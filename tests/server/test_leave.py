"""Leaving a room gives the seat up: free for someone else, its token holding nothing, and every
connection that held it (on any process) out of the room; after the game the seat is kept."""

from __future__ import annotations

import asyncio

import pytest
from serverkit import Start

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check, Fold, PassTalks


async def presence_of(client: BrinkClient, seat: str, status: str) -> None:
    async with asyncio.timeout(5):
        while not any(p.seat == seat and p.status == status for p in client.presence):
            await asyncio.sleep(0.01)


async def test_leave_frees_the_seat_for_someone_else(servers: Start) -> None:
    first, second = await servers(), await servers()
    async with (
        BrinkClient(first, "Ada") as ada,
        BrinkClient(second, "Sam") as sam,
        BrinkClient(second, "Cy") as cy,
    ):
        room = await ada.create_room("intro", timers=False)
        joined = await ada.join(room.code, "washington")
        await sam.join(room.code)
        left = await ada.leave()
        assert left.freed == "washington"
        await presence_of(sam, "washington", "left")
        # the seat is free (on the other process too), and the old token holds nothing
        async with BrinkClient(second, "Ada") as again:
            with pytest.raises(ServerError) as refused:
                await again.resume(room.code, joined.token or "")
            assert refused.value.code == "bad_token"
        await cy.join(room.code, "washington")
        await cy.act(Check())
        # the connection that left may join another room
        other = await ada.create_room("intro", timers=False)
        assert (await ada.join(other.code, "beijing")).seat == "beijing"


async def test_every_connection_holding_the_seat_leaves_with_it(servers: Start) -> None:
    first, second = await servers(), await servers()
    async with (
        BrinkClient(first, "Ada") as tab1,
        BrinkClient(second, "Ada") as tab2,
        BrinkClient(first, "Ada") as tab3,
    ):
        room = await tab1.create_room("intro", timers=False)
        joined = await tab1.join(room.code, "washington")
        await tab2.resume(room.code, joined.token or "")
        await tab3.resume(room.code, joined.token or "")
        await tab1.leave()
        for tab in (tab2, tab3):
            await presence_of(tab, "washington", "left")
            with pytest.raises(ServerError) as refused:
                await tab.act(Check())
            assert refused.value.code == "no_seat"


async def test_after_the_game_the_seat_stays_for_the_replay(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as ada:
        joined = await ada.play_bot(side="washington", bot="hawk")
        for _ in range(200):  # fold every hand and pass in the talks: the game ends soon
            if ada.finished:
                break
            options = ada.my_options
            if options is None:
                await ada.next_update(10)
                continue
            legal = [name for name, refused in options.actions.items() if refused is None]
            await ada.act(Fold() if "fold" in legal else PassTalks())
        assert (await ada.leave()).freed is None
        back = await ada.resume(joined.code, joined.token or "")
        assert back.seat == "washington"


async def test_leave_outside_a_room_is_refused(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as ada:
        with pytest.raises(ServerError) as refused:
            await ada.leave()
        assert refused.value.code == "no_room"
