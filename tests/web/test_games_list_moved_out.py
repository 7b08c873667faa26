"""The Past games page names everyone who held a seat, in order, and its player search finds each
of them: a student the teacher moved out of a seat (Ada, Washington's seat given to Cy) is
listed as "Ada → Cy (Washington)" and found by "ada" — the page read each game's final `seats`,
which name Cy alone (the list's `holders` come from the server: test_games_list_holders.py)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from controlkit import control, notices, seated_room, until
from playwright.async_api import Browser, expect
from replaykit import keyed_json, quiet_moves

from client.rules import http_base


async def _kept(base: str, key: str) -> list[dict[str, Any]]:
    """The games listed to the room's instructor key (the historical line left out)."""
    listed = await keyed_json("GET", f"{base}/api/games", key)
    return [g for g in listed["games"] if g["code"] != "H2025"]


async def test_the_list_names_and_finds_a_student_moved_out(
    server_url: str, redis_url: str, system_chromium: Browser
) -> None:
    async with seated_room(server_url, redis_url, timers=False) as (teacher, ada, bo, room):
        await quiet_moves((ada, bo), 2)
        await control(teacher, "reassign", room.code, seat="washington", name="Cy")
        await until(bo, lambda: notices(bo, "reassigned"))
        await control(teacher, "end", room.code)
        await until(bo, lambda: bo.view["outcome"] is not None)
    key, base = str(room.instructor_key), http_base(server_url)
    for _ in range(200):  # kept as the game ends
        if await _kept(base, key):
            break
        await asyncio.sleep(0.05)
    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(base)
        kept = json.dumps([{"code": room.code, "key": key}])
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        await page.goto(f"{base}/?games=1")
        row = page.locator(f'.game-row[data-code="{room.code}"]')
        await expect(row).to_contain_text("Ada → Cy (Washington)")
        await expect(row).to_contain_text("Bo (Beijing)")
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
