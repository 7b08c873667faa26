"""A "what if" keeps the original room's settings — its turn timers on or off and their times,
its language, its bots — unless the one who makes it chooses otherwise; and the new room says
what it is (`forked_from`: the game and step it continues), in `joined` and GET /api/rooms/CODE.
A fork of a game played without timers had a 90-second turn clock, in English, and its table
never said it continued anything. Against a real server on a real Redis."""

from __future__ import annotations

from typing import Any

import aiohttp

from client.connection import BrinkClient
from client.rules import http_base
from server.engine.commands import Check


async def _post(base: str, code: str, body: Any, key: str) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {key}"}
    url = f"{base}/api/games/{code}/fork"
    async with aiohttp.ClientSession() as http, http.post(url, json=body, headers=headers) as got:
        return got.status, await got.json()


async def _get(url: str, key: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as got:
        assert got.status == 200, await got.text()
        return await got.json()


async def test_a_what_if_keeps_the_original_rooms_settings_and_says_what_it_continues(
    server_url: str,
) -> None:
    base = http_base(server_url)
    async with BrinkClient(server_url, "Ada") as ada:
        options = {"language": "zh", "timers": False, "seconds": {"betting": 45}}
        room = await ada.create_room("intro", bots={"beijing": "hawk"}, **options)
        await ada.join(room.code, "washington")
        await ada.act(Check())
        key = room.instructor_key
        step = (await _get(f"{base}/api/games/{room.code}", key))["entries"]

        status, forked = await _post(base, room.code, {"step": step}, key)
        assert status == 200, forked
        summary = await _get(f"{base}/api/games/{forked['code']}", forked["instructor_key"])
        assert summary["settings"] == {
            "language": "zh",
            "timers": False,
            "seconds": {"betting": 45},
        }
        assert summary["bots"] == {"beijing": "hawk"}
        async with BrinkClient(server_url, "Cy") as cy:
            joined = await cy.join(forked["code"], "washington")
            said = joined.model_dump().get("forked_from")
            assert said == {"code": room.code, "step": forked["step"]}
            assert joined.language == "zh"
            assert joined.deadline is None, "no turn clock: the original had none"
        info = await _get(f"{base}/api/rooms/{forked['code']}")
        assert info["forked_from"] == {"code": room.code, "step": forked["step"]}
        plain = await _get(f"{base}/api/rooms/{room.code}")
        assert plain["forked_from"] is None

        # what the one who makes it chooses instead
        chosen = {"step": step, "timers": True, "language": "en", "bots": {"beijing": "dove"}}
        status, other = await _post(base, room.code, chosen, key)
        assert status == 200, other
        summary = await _get(f"{base}/api/games/{other['code']}", other["instructor_key"])
        assert summary["settings"] == {"language": "en", "timers": True, "seconds": {"betting": 45}}
        assert summary["bots"] == {"beijing": "dove"}
        for bad, field in (({"timers": "yes"}, "timers"), ({"seconds": {"betting": 1}}, "seconds")):
            status, said = await _post(base, room.code, {"step": step, **bad}, key)
            assert (status, said) == (400, {"error": "bad_query", "field": field})
