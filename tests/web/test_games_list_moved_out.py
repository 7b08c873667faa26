"""The Past games page names everyone who held a seat, in order, and its player search finds each
of them: a student the teacher moved out of a seat (Ada, Washington's seat given to Cy) is
listed as "Ada → Cy (Washington)" and found by "ada" — the page read each game's final `seats`,
which name Cy alone (the list's `holders` come from the server: test_games_list_holders.py)."""

from __future__ import annotations

import json

from playwright.async_api import Browser, expect
from replaykit import one_moved_out

from client.rules import http_base


async def test_the_list_names_and_finds_a_student_moved_out(
    server_url: str, redis_url: str, system_chromium: Browser
) -> None:
    code, key = await one_moved_out(server_url, redis_url)
    base = http_base(server_url)
    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(base)
        kept = json.dumps([{"code": code, "key": key}])
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        await page.goto(f"{base}/?games=1")
        row = page.locator(f'.game-row[data-code="{code}"]')
        await expect(row).to_contain_text("Ada → Cy (Washington)")
        await expect(row).to_contain_text("Bo (Beijing)")
        # the historical line has no end date: it says what it is (it read "— · H2025")
        history = page.locator('.game-row[data-code="H2025"] .game-when')
        await expect(history).to_contain_text("2025, as it happened")
        search = page.locator("#games-player")
        await search.fill("ada")
        await page.locator("#games-show").click()
        await expect(row).to_contain_text("Ada → Cy (Washington)")
        await search.fill("Eve")
        await page.locator("#games-show").click()
        await expect(row).to_have_count(0)
        await search.fill("cy")
        await page.locator("#games-show").click()
        await expect(row).to_contain_text("Ada → Cy (Washington)")
    finally:
        await context.close()
