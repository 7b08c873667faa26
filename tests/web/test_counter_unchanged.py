"""In the talks, the counter-proposal builder starts from the proposal on the table, and its
Counter button sent it unchanged: a "counter" that changed nothing but whose proposal it was,
and used up one of the hand's proposals. The button is now disabled while the builder holds
just what is on the table, and says why; changing the length (or a term, or a number) makes it
a counter again. The engine still takes such a counter (games kept before were played with it:
tests/engine/test_talks.py); the page no longer sends it.

Real Chromium, a real server and Redis; the other side is the Python client."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, open_page, page_errors

from client.connection import BrinkClient
from server.engine.commands import Check, ProposeDeal, TermChoice

SAME = "Why not: The same as the proposal on the table"


async def test_an_unchanged_counter_cannot_be_sent(system_chromium: Browser, web_url: str) -> None:
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
        await ada.wait_for(lambda v: v["phase_kind"] == "talks")
        await ada.act(ProposeDeal(terms=[TermChoice(term="standstill")], rounds=2))
        await expect(page.locator("#act-accept")).to_be_enabled()
        button = page.locator("#propose-btn")
        why = page.locator("#builder-send .why")
        # the builder holds the proposal on the table: nothing to send
        await expect(page.locator("#term-standstill")).to_be_checked()
        await expect(button).to_have_text("Counter-propose")
        await expect(button).to_be_disabled()
        await expect(why).to_contain_text(SAME)
        await expect(button).to_have_attribute("aria-describedby", "propose-why")
        # another length is a counter; back to the same length, it is not again
        await page.select_option("#deal-rounds", "3")
        await expect(button).to_be_enabled()
        await expect(why).to_have_count(0)
        await page.select_option("#deal-rounds", "2")
        await expect(button).to_be_disabled()
        await expect(why).to_contain_text(SAME)
        await page.select_option("#deal-rounds", "1")
        await button.click()
        await page.wait_for_function("() => window.brink.state.view.proposal?.side === 'beijing'")
        assert page_errors(page) == []
