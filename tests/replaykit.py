"""Test helpers for replays of games still being played: quiet moves made through the Python
client, one at a time, each seen committed before the next."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from clientkit import until
from controlkit import control, notices, seated_room
from controlkit import until as updated

from client.connection import BrinkClient
from client.rules import http_base
from server.engine.commands import Call, Check, Command, PassTalks


def quiet(client: BrinkClient) -> Command | None:
    """The call, check or pass `client`'s seat may make now, if any."""
    options = client.my_options
    if options is None:
        return None
    moves: tuple[Command, ...] = (Call(), Check(), PassTalks())
    return next((c for c in moves if options.actions.get(c.type, "no") is None), None)


async def quiet_moves(players: tuple[BrinkClient, BrinkClient], count: int) -> None:
    """Make `count` quiet moves (call, check, pass), whoever's turn it is."""
    made = 0
    while made < count:
        for player in players:
            command = quiet(player)
            if command is not None and made < count:
                seq = player.view["seq"]
                await player.act(command)
                await player.wait_for(lambda v, seq=seq: v["seq"] > seq, timeout=5)
                made += 1
        if made < count and not any(quiet(player) is not None for player in players):
            # the other's view has not yet the move just made (its own socket): wait for it,
            # not spin on the views without giving its socket a turn (that never ended)
            await until(lambda: any(quiet(player) is not None for player in players), timeout=10)


async def keyed_json(method: str, url: str, key: str, body: Any = None) -> Any:
    """The JSON answer of an HTTP request made with a room's instructor key (it must be 200)."""
    headers = {"Authorization": f"Bearer {key}"}
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, url, json=body, headers=headers) as got,
    ):
        assert got.status == 200, await got.text()
        return await got.json()


async def listed_games(base: str, key: str, query: str = "") -> list[dict[str, Any]]:
    """The games `GET /api/games?query` lists to a room's instructor key (the historical line
    left out)."""
    listed = await keyed_json("GET", f"{base}/api/games?{query}", key)
    return [game for game in listed["games"] if game["code"] != "H2025"]


async def one_moved_out(server_url: str, redis_url: str) -> tuple[str, str]:
    """Play a room to its end with its Washington, Ada, moved out for Cy after two moves (Bo
    plays Beijing); return its code and instructor key once the game is kept (listed)."""
    async with seated_room(server_url, redis_url, timers=False) as (teacher, ada, bo, room):
        await quiet_moves((ada, bo), 2)
        await control(teacher, "reassign", room.code, seat="washington", name="Cy")
        await updated(bo, lambda: notices(bo, "reassigned"))
        await control(teacher, "end", room.code)
        await updated(bo, lambda: bo.view["outcome"] is not None)
    base, key = http_base(server_url), str(room.instructor_key)
    async with asyncio.timeout(10):  # kept as the game ends
        while not await listed_games(base, key):
            await asyncio.sleep(0.05)
    return room.code, key
