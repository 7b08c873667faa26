"""A player who comes back after the teacher handed the side back with nobody there (`bot_out`
with `back` empty) leaves no notice: only his moves show he is back. The replay's holders read
"Bo → bot Dove", in every view, though Bo played on to the end. Against a real server on a real
Redis, over real websockets."""

from __future__ import annotations

from typing import Any

import aiohttp
from controlkit import control, eventually, notices, seated_room, until
from replaykit import quiet

from client.connection import BrinkClient
from client.rules import http_base


async def _summary(base: str, code: str, viewer: str, headers: dict[str, str]) -> Any:
    url = f"{base}/api/games/{code}?as={viewer}"
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as reply:
        assert reply.status == 200, await reply.text()
        return await reply.json()


async def test_a_player_back_after_the_hand_back_is_named_again_in_every_view(
    server_url: str, redis_url: str
) -> None:
    async with seated_room(server_url, redis_url, timers=False) as (teacher, ada, bo, room):
        token = bo.token
        assert token is not None
        await bo.drop()
        await eventually(lambda: any(p.status == "away" for p in ada.presence))
        await control(teacher, "bot_in", room.code, seat="beijing", bot="dove")
        await until(ada, lambda: notices(ada, "bot_in"))
        await control(teacher, "bot_out", room.code, seat="beijing")  # nobody there
        await until(ada, lambda: notices(ada, "bot_out"))
        assert notices(ada, "bot_out")[-1].back == []
        async with BrinkClient(server_url, "Bo") as back:
            await back.resume(room.code, token, since=0)
            moved = False
            while not moved:  # quiet moves until Bo has made one
                for player in (ada, back):
                    command = quiet(player)
                    if command is None:
                        continue
                    seq = player.view["seq"]
                    await player.act(command)
                    await player.wait_for(lambda v, seq=seq: v["seq"] > seq, timeout=5)
                    moved = moved or player is back
    base = http_base(server_url)
    key = {"Authorization": f"Bearer {room.instructor_key}"}
    ada_token = {"X-Brink-Tokens": str(ada.token)}
    for viewer, credential in (("all", key), ("spectator", key), ("washington", ada_token)):
        summary = await _summary(base, room.code, viewer, credential)
        assert summary["holders"]["beijing"] == [
            {"name": "Bo"},
            {"bot": "dove"},
            {"name": "Bo"},
        ], viewer
