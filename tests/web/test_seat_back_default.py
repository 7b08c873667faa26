"""A page reopened from a room's link after its tab was closed offers the seat this browser held,
chosen, in a scenario with team roles too. In full_2025 (each side's roles free) the first free
seat was chosen instead: Bo, back to take Beijing again, clicked Join and sat down as
Washington's President, on the other side."""

from __future__ import annotations

import asyncio

from playwright.async_api import Browser, expect
from web.test_browser import join_room, open_page

from client.connection import BrinkClient


async def test_a_reopened_page_chooses_the_seat_it_held_before_a_free_role(
    system_chromium: Browser, web_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada:
        room = await ada.create_room("full_2025", timers=False)
        await ada.join(room.code, "washington")
        context, page = await open_page(system_chromium)
        await join_room(page, web_url, room.code, "Bo", "beijing")
        await page.close()
        async with asyncio.timeout(10):
            while not any(p.seat == "beijing" and p.status == "away" for p in ada.presence):
                await asyncio.sleep(0.05)
        again = await context.new_page()
        await again.goto(f"{web_url}/?room={room.code}")
        await expect(again.locator("#join-seats label.pick.beijing")).to_contain_text(
            "take it back"
        )
        await expect(again.locator("#join-seat-washington-president")).to_be_enabled()  # free
        await expect(again.locator("#join-seat-beijing")).to_be_checked()
        await again.click("#join-btn")
        await again.wait_for_selector("#table:not([hidden])")
        assert await again.evaluate("() => window.brink.state.room.seat") == "beijing"
        await context.close()
