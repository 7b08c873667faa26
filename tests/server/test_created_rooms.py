"""`GET /api/created-rooms`: the rooms a browser created (their instructor keys), in one request,
not one `GET /api/games/CODE` a room (the Past games screen's "Rooms you created" asked up to 30
times, each counted against the limit on replay requests and each verifying the whole record).
A key opens only the room named beside it; a running game, a wrong key and a room that does not
exist are not listed; the request counts as one listing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
from recordkit import RULES, bot_game
from serverkit import start_server

from client.connection import BrinkClient
from client.rules import http_base

FOREVER = 10_000_000.0


async def _created(
    http: aiohttp.ClientSession, url: str, pairs: list[tuple[str, str]]
) -> tuple[int, Any]:
    rooms = ",".join(code for code, _ in pairs)
    headers = {"X-Brink-Keys": ",".join(key for _, key in pairs)}
    async with http.get(f"{url}/api/created-rooms?rooms={rooms}", headers=headers) as reply:
        return reply.status, await reply.json()


async def test_a_browser_gets_every_room_it_created_in_one_request(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(
        redis_url, tmp_path, game_lists_per_address=2, game_lists_window=FOREVER
    )
    base = http_base(url)
    try:
        record = bot_game(RULES["intro"], 5)[0]
        made: list[dict[str, Any]] = []
        async with aiohttp.ClientSession() as http:
            for _ in range(3):
                async with http.post(f"{base}/api/games/import", data=record) as reply:
                    made.append(await reply.json())
            async with BrinkClient(url, "Ada") as ada:
                running = await ada.create_room("intro", timers=False)
            (a, b, c) = ((m["code"], m["instructor_key"]) for m in made)
            wrong = (c[0], a[1])  # another room's key: it opens nothing here
            asked = [b, (running.code, running.instructor_key), a, wrong, ("ZZZZZZ", a[1])]
            status, found = await _created(http, base, asked)
            assert status == 200, found
            assert [g["code"] for g in found["games"]] == [b[0], a[0]]
            assert found["matched"] == [True, False, True, False, False]
            shown = found["games"][0]
            assert shown["views"] == ["beijing", "instructor", "spectator", "washington"]
            assert shown["outcome"] and shown["imported"] is True
            assert "instructor" not in shown and "tokens" not in shown

            status, refused = await _created(http, base, [a, (b[0], "")])
            assert status == 400 and refused["error"] == "keys_do_not_pair", refused
            # two listings so far (a refused one counts): the third is over the limit
            status, over = await _created(http, base, [a])
            assert status == 429 and over["error"] == "too_many_listings", over
    finally:
        await runner.cleanup()
