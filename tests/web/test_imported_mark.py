"""An imported record is marked as one: `imported` in the API's listing and summary (true for a
record imported here, false for every other game), and "imported" beside its code in the Past
games list, where a game played here (the 2025 line) has no such mark."""

from __future__ import annotations

import json

import aiohttp
from playwright.async_api import Browser, expect
from recordkit import RULES, bot_game


async def test_an_imported_game_is_marked_imported_in_the_list_and_the_api(
    web_url: str, system_chromium: Browser
) -> None:
    record, _ = bot_game(RULES["intro"], 7)
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{web_url}/api/games/import", data=record) as reply:
            made = await reply.json()
            assert reply.status == 200, made
        code, key = made["code"], made["instructor_key"]
        auth = {"Authorization": f"Bearer {key}"}
        async with http.get(f"{web_url}/api/games", headers=auth) as reply:
            listed = {game["code"]: game for game in (await reply.json())["games"]}
        async with http.get(f"{web_url}/api/games/{code}", headers=auth) as reply:
            summary = await reply.json()
    assert listed[code]["imported"] is True
    assert listed["H2025"]["imported"] is False, "a game of this server's says so too"
    assert summary["imported"] is True

    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(web_url)
        kept = json.dumps([{"code": code, "key": key}])
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        await page.goto(f"{web_url}/?games=1")
        row = page.locator(f'.game-row[data-code="{code}"]')
        await expect(row.locator(".game-when")).to_contain_text("imported")
        history = page.locator('.game-row[data-code="H2025"]')
        await expect(history).to_be_visible()
        assert await history.locator(".tag.imported").count() == 0
        await page.goto(f"{web_url}/?game={code}&as=all")
        await expect(page.locator("#rp-imported")).to_have_text("imported")
    finally:
        await context.close()
