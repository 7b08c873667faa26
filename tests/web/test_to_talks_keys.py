"""The banner's "Go to the talks ↓" from the keyboard: it scrolled the page to the talks but left
the focus on itself, up in the sticky banner, so the next Tab went to the table under the banner
(the tracks, the hand, screens above the talks) and not to the talks' moves the reader had asked
for. The focus now lands on the talks' heading, and Tab goes on to their first move.

Real Chromium, a real server and Redis; the other side is the server's bot."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, open_page, page_errors, to_the_talks

IN_TALKS = "() => !!document.activeElement.closest('#talks')"


async def test_go_to_the_talks_takes_the_keyboard_there(
    system_chromium: Browser, web_url: str
) -> None:
    _, page = await open_page(system_chromium, PHONE)
    await page.goto(web_url)
    await to_the_talks(page, "Mei", "intro")
    await expect(page.locator("#to-talks")).to_be_visible()
    await expect(page.locator("#act-pass")).not_to_be_in_viewport()
    await page.focus("#to-talks")
    await page.keyboard.press("Enter")
    await expect(page.locator("#act-pass")).to_be_in_viewport()
    await expect(page.locator("#talks-h")).to_be_focused()
    await page.keyboard.press("Tab")
    assert await page.evaluate(IN_TALKS), await page.evaluate("document.activeElement.id")
    assert page_errors(page) == []
