"""A seat chosen on the landing page while the page is still looking the room up stays chosen:
the lookup's answer drew the radios again with the first free seat checked, so a visitor who
had clicked "Watch" sat down as Washington (a test of the all-seeing view failed so, once)."""

from __future__ import annotations

import asyncio

from playwright.async_api import Browser, Route, expect
from web.test_browser import open_page, page_errors

from client.connection import BrinkClient


async def test_a_seat_chosen_before_the_room_is_looked_up_stays_chosen(
    system_chromium: Browser, web_url: str
) -> None:
    async with BrinkClient(web_url.replace("http://", "ws://") + "/ws", "Ada") as ada:
        created = await ada.create_room("intro")
        await ada.join(created.code, "washington")
        context, page = await open_page(system_chromium)
        answered = asyncio.Event()

        async def slowly(route: Route) -> None:  # the lookup answers after the click
            await asyncio.sleep(1.0)
            await route.continue_()
            answered.set()

        try:
            await page.route("**/api/rooms/*", slowly)
            await page.goto(f"{web_url}/?room={created.code}")
            await page.check("#join-seat-spectator")
            await asyncio.wait_for(answered.wait(), 10)
            # the answer is in: Washington is shown taken, and the visitor's choice is kept
            await expect(page.locator("#join-seats")).to_contain_text("Ada")
            await expect(page.locator("#join-seat-spectator")).to_be_checked()
            await page.fill("#join-name", "Sam")
            await page.click("#join-btn")
            await expect(page.locator("#viewer-note")).to_have_text(
                "Spectator: you see only what is public."
            )
            assert page_errors(page) == []
        finally:
            await context.close()
