"""The debrief reads its rooms as the replays keep them, once a process (server/web/games.py
`replays_of`): it verified every room's record again for each request (a class's 25 rooms, a
second each time the dashboard asked), and the 2025 line with them, though the replays of the
same games were kept verified in the same process."""

from __future__ import annotations

import asyncio
from pathlib import Path

from classkit import add_instructor, signed_in
from serverkit import start_server

from server.engine.commands import StartGame
from server.live.hub import Hub
from server.protocol.codes import HISTORY_CODE
from server.web.appkeys import HUB
from server.web.games import replays_of


async def _played(hub: Hub, owner: str, washington: str, beijing: str) -> str:
    """A room `owner` made, played to the end by two bots."""
    bots = {"washington": washington, "beijing": beijing}
    room, _ = await hub.open_room(hub.scenarios["classroom"], "en", {}, bots, False, owner=owner)
    await hub.submit(room, "system", StartGame(seed=42))
    for _ in range(600):
        found = await hub.room(room.code)
        if found is not None and found.state.finished:
            return room.code
        await asyncio.sleep(0.05)
    raise AssertionError(f"room {room.code} did not finish")


async def test_a_debrief_asked_for_again_verifies_nothing_again(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    hub = runner.app[HUB]
    kept = replays_of(hub)._cache  # what the replays keep between requests
    await add_instructor(redis_url, "ms_li")
    codes = [
        await _played(hub, "ms_li", "hawk", "dove"),
        await _played(hub, "ms_li", "dove", "dove"),
    ]
    li = await signed_in(url, "ms_li")
    try:
        async with li.get(f"/api/debrief?rooms={','.join(codes)}") as reply:
            assert reply.status == 200
            first = await reply.json()
        games = {(code, -1) for code in codes}
        assert games | {(HISTORY_CODE, -1)} <= set(kept), "read as the replays keep them"
        verified = {key: kept[key] for key in games | {(HISTORY_CODE, -1)}}
        for path in ("/api/debrief", "/api/debrief/export.json", "/api/debrief/export.csv"):
            async with li.get(f"{path}?rooms={','.join(codes)}") as reply:
                assert reply.status == 200, path
        assert all(kept[key] is found for key, found in verified.items()), "not verified again"
        async with li.get(f"/api/debrief?rooms={','.join(codes)}") as reply:
            assert await reply.json() == first
        async with li.get(f"/api/games/{codes[0]}/step?n=3") as reply:  # the replay of one
            assert reply.status == 200
        assert kept[codes[0], -1] is verified[codes[0], -1]
    finally:
        await li.close()
        await runner.cleanup()
