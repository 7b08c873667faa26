"""Past games name a team role by the rules' words, in the page's language: "Ada (Beijing · Vice
Premier)", 「Ada（北京 · 副總理）」 — not the rule file's id ("vice_premier"), which the list
showed in both languages (the page had no game's rules to read the role's name from)."""

from __future__ import annotations

import json

import aiohttp
from playwright.async_api import Browser, expect
from recordkit import RULES, bot_game


async def test_a_role_seat_is_named_by_its_rules_in_the_list_of_past_games(
    web_url: str, system_chromium: Browser
) -> None:
    record, _ = bot_game(RULES["full_2025"], 5)
    head, _, rest = record.partition("\n")
    header = json.loads(head)
    header["seats"] = {"beijing:vice_premier": "Ada", "washington:treasury": "Eve"}
    record = json.dumps(header) + "\n" + rest
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{web_url}/api/games/import", data=record) as reply,
    ):
        made = await reply.json()
        assert reply.status == 200, made
    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(web_url)
        kept = json.dumps([{"code": made["code"], "key": made["instructor_key"]}])
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        await page.goto(f"{web_url}/?games=1")
        row = page.locator(f'.game-row[data-code="{made["code"]}"]')
        await expect(row).to_contain_text("Ada (Beijing · Vice Premier)")
        await expect(row).to_contain_text("Eve (Washington · Treasury)")
        await page.get_by_role("button", name="中文").click()
        await expect(row).to_contain_text("Ada（北京 · 副總理）")
        assert "vice_premier" not in await row.inner_text()
    finally:
        await context.close()
