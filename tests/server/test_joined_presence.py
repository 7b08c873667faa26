"""`joined.present`: who is connected now, for every taken seat, so that a player who arrives
or comes back knows whether the other side is there. `joined.seats` named the holders only:
the web page took every holder to be here, and a player who reloaded the page while the other
side was away waited for someone who was gone (presence news sent meanwhile was missed)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from serverkit import Start, start_server

from client.connection import BrinkClient
from server.web.appkeys import HUB


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


async def test_a_seat_gone_away_while_another_is_being_seated_here_is_told_to_it(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bo's join reads who is here (Ada) and, before he joins the room's audience, Ada's last
    connection on the same process goes: her `away` was sent to the room's connections then,
    which did not yet hold Bo's — his page showed Ada here for as long as she was gone. Held
    here on purpose between the two: he is told she is away once he is seated."""
    runner, url = await start_server(redis_url, tmp_path)
    hub = runner.app[HUB]
    hold = Hold(hub, monkeypatch)
    try:
        async with BrinkClient(url, "Ada") as ada, BrinkClient(url, "Bo") as bo:
            room = await ada.create_room("intro", timers=False)
            await ada.join(room.code, "washington")
            joining = await hold.join(bo, room.code, "beijing")
            await ada.drop()  # her last connection here goes while Bo is being seated
            await eventually_count(hub, room.code, "washington", 0)
            hold.gate.set()
            joined = await joining
            assert joined.present["washington"] == "here"  # as read, before she went
            await _away(bo, "washington")
    finally:
        await runner.cleanup()


async def test_a_change_already_read_by_a_connection_seated_later_is_not_told_again(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cy, a spectator, waits to be seated behind Bo's held join; Ada goes meanwhile. Bo read
    who is here before she went and is told; Cy read it after (his `joined` says she is away)
    and was told again — `brink play` printed her going twice."""
    runner, url = await start_server(redis_url, tmp_path)
    hub = runner.app[HUB]
    hold = Hold(hub, monkeypatch)
    try:
        async with (
            BrinkClient(url, "Ada") as ada,
            BrinkClient(url, "Bo") as bo,
            BrinkClient(url, "Cy") as cy,
        ):
            room = await ada.create_room("intro", timers=False)
            await ada.join(room.code, "washington")
            bo_joining = await hold.join(bo, room.code, "beijing")
            cy_joining = asyncio.create_task(cy.join(room.code))  # behind Bo's, on the lock
            async with asyncio.timeout(10):
                while hub.rooms[room.code].arriving < 2:
                    await asyncio.sleep(0.01)
            await ada.drop()
            await eventually_count(hub, room.code, "washington", 0)
            hold.gate.set()
            await bo_joining
            watching = await cy_joining
            await _away(bo, "washington")
            assert watching.present["washington"] == "away"
            await cy.resync()  # a round trip: anything sent to Cy before has arrived
            assert not [p for p in cy.presence if p.seat == "washington"], cy.presence
    finally:
        await runner.cleanup()


class Hold:
    """Holds the next join on this process between its read of who is here and its seating
    (the hub's `absorb`), until `gate` is set."""

    def __init__(self, hub: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.absorb, self.gate, self.held = hub.absorb, asyncio.Event(), asyncio.Event()
        self.holding = False
        monkeypatch.setattr(hub, "absorb", self.slow)

    async def slow(self, room: Any, entries: Any) -> None:
        if self.holding:
            self.held.set()
            await self.gate.wait()
        await self.absorb(room, entries)

    async def join(self, client: BrinkClient, code: str, seat: str) -> asyncio.Task[Any]:
        """Start `client`'s join of `seat` and return it once it is held."""
        self.holding = True
        joining = asyncio.create_task(client.join(code, seat))
        await self.held.wait()
        self.holding = False
        return joining


async def eventually_count(hub: Any, code: str, seat: str, count: int) -> None:
    """Wait until `seat` of room `code` has `count` connections, as Redis counts them."""
    async with asyncio.timeout(10):
        while (await hub.live.present(code)).get(seat, 0) != count:
            await asyncio.sleep(0.02)
