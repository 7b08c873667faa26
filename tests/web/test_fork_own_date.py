"""A "what if" game carries its own date, when it was made, not the date of the game it
continues (its first entries are that game's, with their times): `started` in the API, and
"made …" beside "continuing CODE at step N" on its replay page."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import aiohttp
from playwright.async_api import Browser, expect
from replaykit import quiet_moves

from client.connection import BrinkClient


async def test_a_what_if_game_is_dated_when_it_was_made(
    web_url: str, system_chromium: Browser
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as washington, BrinkClient(ws_url, "Bo") as beijing:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        await quiet_moves((washington, beijing), 3)
    key = {"Authorization": f"Bearer {room.instructor_key}"}
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{web_url}/api/games/{room.code}", headers=key) as reply:
            original = await reply.json()
        made_after = int(time.time() * 1000)
        # with timers, the new room's first entry of its own (waiting for its player) comes at
        # once; the original's setting, none, would date it by its first move
        body = {"step": original["entries"], "bots": {"beijing": "dove"}, "timers": True}
        url = f"{web_url}/api/games/{room.code}/fork"
        async with http.post(url, json=body, headers=key) as reply:
            forked = await reply.json()
            assert reply.status == 200, forked
        fork_key = {"Authorization": f"Bearer {forked['instructor_key']}"}
        async with http.get(f"{web_url}/api/games/{forked['code']}", headers=fork_key) as reply:
            summary = await reply.json()
    assert summary["forked_from"] == {"code": room.code, "step": forked["step"]}
    assert summary["started"] >= made_after > original["started"]

    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(web_url)
        kept = json.dumps([{"code": forked["code"], "key": forked["instructor_key"]}])
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        await page.goto(f"{web_url}/?game={forked['code']}&as=all")
        said = page.locator("#rp-forked")
        await expect(said).to_contain_text(f"continuing {room.code} at step {forked['step']}")
        await expect(said).to_contain_text(", made ")
        made = datetime.fromtimestamp(summary["started"] / 1000, UTC)
        iso = made.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        await expect(page.locator("#rp-forked-when")).to_have_attribute("datetime", iso)
    finally:
        await context.close()
