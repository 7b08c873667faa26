"""The Past games screen's "Rooms you created" asks for every room whose key the browser holds
in one request (GET /api/created-rooms), not one GET /api/games/CODE a room (a real server,
Redis and Chromium): a teacher with 12 rooms made 12 requests each time the screen opened."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from playwright.async_api import Browser, expect
from recordkit import RULES, bot_game


async def test_rooms_created_here_are_listed_from_one_request(
    system_chromium: Browser, web_url: str
) -> None:
    record = bot_game(RULES["intro"], 5)[0]
    made: list[dict[str, Any]] = []
    async with aiohttp.ClientSession() as http:
        for _ in range(4):
            async with http.post(f"{web_url}/api/games/import", data=record) as reply:
                made.append(await reply.json())
    held = [{"code": m["code"], "key": m["instructor_key"]} for m in made]
    held.append({"code": "ZZZZZZ", "key": "not-a-key"})  # a room long gone
    context = await system_chromium.new_context()
    page = await context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/" in r.url else None)
    try:
        await page.goto(web_url + "/")
        await page.evaluate("(held) => localStorage.setItem('brink.games', held)", json.dumps(held))
        await page.goto(web_url + "/?games=1")
        for m in made:
            row = page.locator(f'#games-mine .game-row[data-code="{m["code"]}"]')
            await expect(row).to_be_visible()
        created = [u for u in asked if "/api/created-rooms" in u]
        one_by_one = [u for u in asked if any(f"/api/games/{m['code']}" in u for m in made)]
        assert len(created) == 1 and one_by_one == [], asked
    finally:
        await context.close()
