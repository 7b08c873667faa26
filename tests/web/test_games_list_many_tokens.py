"""The Past games page of a browser holding more seat tokens than one request carries (50): it
lists every batch's games in the server's largest pages (500), so a batch is one listing, not
one per page of 20 (each counts against the server's limit on listings from one address: with
21 public games and 60 tokens, the page asked four times and was refused)."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
from playwright.async_api import Browser, expect
from recordkit import RULES, bot_game
from serverkit import start_server

FOREVER = 10_000_000.0
"""A window no test outlives (windows are aligned to the epoch: no boundary mid-test)."""


async def test_many_tokens_are_listed_in_a_listing_a_batch(
    redis_url: str, tmp_path: Path, system_chromium: Browser
) -> None:
    runner, url = await start_server(
        redis_url, tmp_path, game_lists_per_address=2, game_lists_window=FOREVER
    )
    base = url.replace("ws://", "http://").removesuffix("/ws")
    record = bot_game(RULES["intro"], 5)[0]
    codes = []
    async with aiohttp.ClientSession() as http:
        for _ in range(21):  # with the 2025 line, more than a page of 20 for every batch
            async with http.post(f"{base}/api/games/import", data=record) as reply:
                made = await reply.json()
                assert reply.status == 200, made
            key = {"Authorization": f"Bearer {made['instructor_key']}"}
            public = f"{base}/api/games/{made['code']}/public"
            async with http.post(public, json={"public": True}, headers=key) as reply:
                assert reply.status == 200
            codes.append(made["code"])
    held = [{"code": "ABCD", "seat": "washington", "token": f"t{n:03}" * 8} for n in range(60)]
    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(base)
        await page.evaluate("items => localStorage.setItem('brink.games', items)", json.dumps(held))
        await page.goto(f"{base}/?games=1")  # two batches of tokens: two listings
        await expect(page.locator("#games-page")).to_have_text("Page 1 of 2")
        assert await page.locator(".game-row").count() == 20
        await expect(page.locator("#games-error")).to_have_count(0)
    finally:
        await context.close()
        await runner.cleanup()
