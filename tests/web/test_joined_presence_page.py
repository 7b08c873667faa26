"""A page that comes back to its seat while the other side is away says so. `joined` named the
seats' holders only, and the page took every holder to be here: Bo, reopening the room while
Ada's connection was lost, saw no word of it and waited for her (the `presence` news of her
going had been sent while his page was closed)."""

from __future__ import annotations

import asyncio

from playwright.async_api import Browser, expect
from web.test_browser import join_room, open_page

from client.connection import BrinkClient


async def test_a_page_back_in_its_seat_is_told_the_other_side_is_away(
    system_chromium: Browser, web_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        context, page = await open_page(system_chromium)
        await join_room(page, web_url, room.code, "Bo", "beijing")
        await expect(page.locator(".away-note")).to_have_count(0)
        await page.close()  # Bo closes the tab
        async with asyncio.timeout(10):
            while not any(p.seat == "beijing" and p.status == "away" for p in ada.presence):
                await asyncio.sleep(0.05)
        await ada.drop()  # then Ada's connection is lost, while Bo's page is closed
        again = await context.new_page()  # Bo opens the room's link again
        await again.goto(f"{web_url}/?room={room.code}")
        await expect(again.locator("#join-seat-beijing")).to_be_checked()
        await again.click("#join-btn")
        await again.wait_for_selector("#table:not([hidden])")
        await expect(again.locator(".away-note")).to_contain_text(
            "Washington has lost the connection"
        )
        back = await ada.reconnect()  # Ada is back: the page hears of it
        assert back.present == {"washington": "here", "beijing": "here"}
        await expect(again.locator(".away-note")).to_have_count(0)
        await context.close()
