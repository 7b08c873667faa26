"""The table's list of seats keeps a short name whole beside a long role: a class playing the
2025 game in teams saw Beijing's Ministry of Commerce held by "X / u", the name broken letter by
letter, because the role's words took the row and the name's box shrank to nothing."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from serverkit import start_server
from web.test_browser import join_room, open_page

from client.connection import BrinkClient

# the laptop of the class that found it
NARROWER_LAPTOP = {"width": 1280, "height": 900}


async def test_a_short_name_beside_a_long_role_stays_on_one_line(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    leader, ministry = BrinkClient(ws_url, "Li"), BrinkClient(ws_url, "Xu")
    try:
        await leader.connect()
        await ministry.connect()
        created = await leader.create_room("full_2025", timers=False)
        await leader.join(created.code, "beijing:leader")
        await ministry.join(created.code, "beijing:commerce_ministry")
        _, page = await open_page(system_chromium, NARROWER_LAPTOP)
        await join_room(page, web_url, created.code, "Ann", "washington-president")
        await page.click(".seatlist summary")
        holder = page.locator(".seat.beijing.role .seat-holder", has_text="Xu")
        await expect(holder).to_have_text("Xu")
        # the lines the name's words take (the box itself stretches to the row's height)
        lines = await holder.evaluate(
            """(el) => {
                const range = document.createRange();
                range.selectNodeContents(el);
                return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
            }"""
        )
        assert lines == 1
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        await leader.close()
        await ministry.close()
        await runner.cleanup()
