"""The headings of the two hands read "Beijing's hand · 7 · 6 left in the deck": a first-time
player could not tell what the bare 7 counted (the cards held, next to the cards left to draw),
nor could a screen reader's listener, to whom the heading is read as it stands. They name it:
"7 cards", "7 張".

Real Chromium, a real server and Redis; the other side is the server's bot."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, open_page, page_errors, play_the_bot


async def test_the_hands_say_what_they_count(system_chromium: Browser, web_url: str) -> None:
    _, page = await open_page(system_chromium, PHONE)
    await page.goto(web_url)
    await play_the_bot(page, "Mei", "full_2025", "washington")
    await expect(page.locator("#act-check")).to_be_enabled()
    await expect(page.locator("#hand-h")).to_have_text("Your hand · 7 cards · 11 left in the deck")
    await expect(page.locator(".hand-backs h3")).to_have_text(
        "Beijing's hand · 7 cards · 6 left in the deck"
    )
    await page.click("#lang-zh")
    await expect(page.locator("#hand-h")).to_have_text("你的手牌 · 7 張 · 牌庫剩 11 張")
    await expect(page.locator(".hand-backs h3")).to_have_text("北京的手牌 · 7 張 · 牌庫剩 6 張")
    assert page_errors(page) == []
