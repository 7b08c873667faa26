"""Quick match from the keyboard: Enter in the form queues and the focus is on the waiting
screen's Cancel (it was left on the page's body, the pressed button gone with the form, and Tab
started again from the top); Enter on Cancel comes back to the landing page, the focus on
"Find an opponent" again."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, open_page, page_errors


async def test_quick_match_queues_and_cancels_from_the_keyboard(
    system_chromium: Browser, web_url: str
) -> None:
    _, page = await open_page(system_chromium, PHONE)
    await page.goto(web_url)
    await page.fill("#quick-name", "Kai")
    await page.focus("#quick-name")
    await page.keyboard.press("Enter")
    await expect(page.locator("#queued")).to_be_visible()
    await expect(page.locator("#queue-cancel")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.locator("#landing")).to_be_visible()
    await expect(page.locator("#quick-btn")).to_be_focused()
    assert page_errors(page) == []
