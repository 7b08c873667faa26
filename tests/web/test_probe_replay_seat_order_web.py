"""The replay page named a game's players in the order they took their seats: Beijing first when
its student sat down first, a side's bot after every player. Washington's players come first,
then Beijing's, each side's bot with its players (as `brink replay` says them)."""

from __future__ import annotations

import json

import aiohttp
from playwright.async_api import Browser, expect
from recordkit import RULES, bot_game


async def test_the_replay_page_names_washington_first(
    web_url: str, system_chromium: Browser
) -> None:
    header, *entries = bot_game(RULES["intro"], 5)[0].splitlines()
    head = json.loads(header)
    head["seats"], head["bots"] = {"beijing": "Bo"}, {"washington": "hawk"}
    record = "\n".join([json.dumps(head), *entries]) + "\n"
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
        await page.goto(f"{web_url}/?game={made['code']}&as=all")
        players = page.locator("#replay .rp-players")
        await expect(players).to_have_text("bot Hawk (aggressive) (Washington) · Bo (Beijing)")
    finally:
        await context.close()
