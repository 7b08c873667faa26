"""The deal builder, with one's own proposal on the table: every term said why it could not be
chosen ("Answer or withdraw the proposal on the table first"), and under the greyed Propose
button the page still asked to "Choose at least one term", which nobody could. The button now
says the reason every term shares.

Real Chromium, a real server and Redis; the other side is the Python client, who does not
answer."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, open_page, page_errors

from client.connection import BrinkClient
from server.engine.commands import Check


async def test_no_term_on_offer_is_not_asked_for(system_chromium: Browser, web_url: str) -> None:
    async with BrinkClient(web_url.replace("http://", "ws://") + "/ws", "Ada") as ada:
        created = await ada.create_room("intro")
        await ada.join(created.code, "washington")
        _, page = await open_page(system_chromium, PHONE)
        await page.goto(f"{web_url}/?room={created.code}")
        await page.fill("#join-name", "Bo")
        await page.click("#join-btn")
        await page.wait_for_selector("#table:not([hidden])")
        await ada.wait_for(lambda v: v["to_act"] == "washington")
        await ada.act(Check())
        await page.click("#act-check:enabled")
        await page.wait_for_function("() => window.brink.state.view.phase_kind === 'talks'")
        await page.locator("#builder input[type=checkbox]:not([aria-disabled=true])").first.check()
        await page.click("#propose-btn:enabled")
        await expect(page.locator("#act-withdraw")).to_be_enabled()
        await expect(page.locator("#propose-btn")).to_be_disabled()
        builder = page.locator("#builder")
        await expect(builder).not_to_contain_text("Choose at least one term")
        await expect(builder.locator("#builder-send > .why")).to_have_text(
            "Why not: Answer or withdraw the proposal on the table first."
        )
        await page.click("#act-withdraw")
        await expect(builder).to_contain_text("Choose at least one term")
        assert page_errors(page) == []
