"""A chat line typed with a right-to-left mark (Arabic, Hebrew and Persian keyboards type them)
or pasted with a direction override was not sent, and the page said nothing: the text stayed in
the box. The marks now go as typed; the overrides, which reorder the text, are left out."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, mei_plays_the_bot, page_errors


async def test_a_chat_line_with_direction_characters_is_sent(
    system_chromium: Browser, web_url: str
) -> None:
    page = await mei_plays_the_bot(system_chromium, web_url, PHONE, "washington")
    await page.fill("#chat-text", "שלום\u200f Ada")
    await page.press("#chat-text", "Enter")
    await expect(page.locator("#log .chat")).to_contain_text("Mei: שלום\u200f Ada")
    await expect(page.locator("#chat-text")).to_have_value("")
    await page.fill("#chat-text", "hi \u202eevil\u202c there")
    await page.press("#chat-text", "Enter")
    await expect(page.locator("#log .chat").last).to_have_text("Mei: hi evil there")
    sent = await page.evaluate(
        "() => window.brink.state.log.filter(e => e.chat).map(e => e.chat.text)"
    )
    assert sent == ["שלום\u200f Ada", "hi evil there"], sent
    assert page_errors(page) == []
