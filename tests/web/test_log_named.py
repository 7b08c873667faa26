"""The log ("What happened") is a list the keyboard stops on (it scrolls): a screen reader said
only "list", with no name, before reading every line of it. It is named by its heading, in the
page's language.

Real Chromium, a real server and Redis; the other side is the server's bot."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, mei_plays_the_bot, page_errors


async def test_the_log_is_named_by_its_heading(system_chromium: Browser, web_url: str) -> None:
    page = await mei_plays_the_bot(system_chromium, web_url, PHONE, "washington")
    await expect(page.locator("#act-check")).to_be_enabled()
    await expect(page.get_by_role("list", name="What happened")).to_have_id("log")
    await page.click("#lang-zh")
    await expect(page.get_by_role("list", name="事件紀錄")).to_have_id("log")
    assert page_errors(page) == []
