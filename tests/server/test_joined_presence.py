"""`joined.present`: who is connected now, for every taken seat, so that a player who arrives
or comes back knows whether the other side is there. `joined.seats` named the holders only:
the web page took every holder to be here, and a player who reloaded the page while the other
side was away waited for someone who was gone (presence news sent meanwhile was missed)."""

from __future__ import annotations

import asyncio

from serverkit import Start

from client.connection import BrinkClient


async def _away(watcher: BrinkClient, seat: str) -> None:
    """Wait until `watcher` is told that `seat` is away."""
    async with asyncio.timeout(10):
        while not any(p.seat == seat and p.status == "away" for p in watcher.presence):
            await asyncio.sleep(0.02)


async def test_joined_says_who_is_here_and_who_is_away(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Bo") as bo:
        room = await ada.create_room("intro", timers=False)
        first = await ada.join(room.code, "washington")
        assert first.present == {"washington": "here"}
        joined = await bo.join(room.code, "beijing")
        assert joined.present == {"washington": "here", "beijing": "here"}

        await bo.drop()  # Bo's connection is lost; his seat stays his
        await _away(ada, "beijing")
        await ada.drop()
        back = await ada.reconnect()  # Ada reloads the page
        assert back.present == {"washington": "here", "beijing": "away"}

        async with BrinkClient(server_url, "Cy") as watcher:
            watching = await watcher.join(room.code)
            assert watching.role == "spectator"
            assert watching.present == {"washington": "here", "beijing": "away"}

        again = await bo.reconnect()
        assert again.present == {"washington": "here", "beijing": "here"}


async def test_joined_counts_connections_on_every_process(server_url: str, servers: Start) -> None:
    other = await servers()  # a second process on the same Redis
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(other, "Bo") as bo:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        joined = await bo.join(room.code, "beijing")  # on the other process
        assert joined.present == {"washington": "here", "beijing": "here"}
        await ada.drop()
        back = await ada.reconnect()
        assert back.present == {"washington": "here", "beijing": "here"}
