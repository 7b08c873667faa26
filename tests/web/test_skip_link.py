"""The page's first link, for keyboards and screen readers, says where it leads: to the table at
the table, to the main content on the other screens (it said "Skip to the table" on the landing
page, the past games and the replays, where there is no table); in English and Chinese."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, open_page, page_errors


async def test_the_skip_link_says_where_it_leads(system_chromium: Browser, web_url: str) -> None:
    _, page = await open_page(system_chromium, PHONE)
    skip = page.locator("a.skip")
    await page.goto(web_url)
    await expect(page.locator("#create-form")).to_be_visible()
    await expect(skip).to_have_text("Skip to the main content")
    await page.click("#lang-zh")
    await expect(skip).to_have_text("直接前往主要內容")
    await page.fill("#bot-name", "小明")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    await expect(skip).to_have_text("直接前往牌桌")
    await page.click("#lang-en")
    await expect(skip).to_have_text("Skip to the table")
    await page.goto(f"{web_url}/?game=H2025")
    await expect(page.locator("#replay")).to_be_visible()
    await expect(skip).to_have_text("Skip to the main content")
    assert page_errors(page) == []
