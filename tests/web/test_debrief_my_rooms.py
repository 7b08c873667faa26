"""Compare rooms you made: the teacher had to type the codes in. The rooms this browser made (their
instructor keys kept, as the Past games screen keeps them) are offered to pick."""

from __future__ import annotations

import json
from typing import Any

from playwright.async_api import expect
from web.test_debrief_browser import sign_in, three_rooms
from web.test_replay import LAPTOP, Open, open_page

__all__ = ["open_page", "three_rooms"]  # the fixtures


async def test_the_rooms_made_here_are_offered(
    open_page: Open, three_rooms: dict[str, Any]
) -> None:
    base, codes = three_rooms["base"], three_rooms["codes"]
    context, page = await open_page(LAPTOP)
    await sign_in(page, base)
    # as this browser keeps the rooms it made (remember.js): newest first
    kept = [{"code": code, "key": f"key-{code}"} for code in codes]
    await page.evaluate(f"localStorage.setItem('brink.games', {json.dumps(json.dumps(kept))})")
    await page.goto(f"{base}/?debrief=")
    offered = page.locator("#db-my-rooms .db-my-room")
    await expect(offered).to_have_count(3)
    await page.click(f'#db-my-rooms .db-my-room[data-code="{codes[0]}"]')
    await page.click(f'#db-my-rooms .db-my-room[data-code="{codes[2]}"]')
    await expect(page.locator("#db-rooms-input")).to_have_value(f"{codes[0]}, {codes[2]}")
    await page.click("#db-rooms-form button[type=submit]")
    await expect(page.locator("#db-title")).to_have_text("Debrief · 2 rooms")
    await expect(page.locator("#db-rooms tbody tr.db-room")).to_have_count(2)
    await page.click("#db-my-all")
    await page.click("#db-rooms-form button[type=submit]")
    await expect(page.locator("#db-title")).to_have_text("Debrief · 3 rooms")
    await context.close()
