"""The results of a game, shown over the table, from the keyboard: as they open the focus moves
onto them (it stayed behind them, on the table, and Tab walked through controls hidden under
them), Tab stays out of the covered table, Escape closes them as × does, and the focus lands on
the banner's "Show the results", which opens them again with Enter."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, mei_plays_the_bot, page_errors, play_out

FOCUSED = "() => document.activeElement.id"
IN_TABLE = "() => !!document.activeElement.closest('#table')"


async def test_the_results_take_the_focus_and_close_with_escape(
    system_chromium: Browser, web_url: str
) -> None:
    page = await mei_plays_the_bot(system_chromium, web_url, PHONE)
    await expect(page.locator("#table")).to_be_visible()
    await play_out([page])
    await expect(page.locator("#end")).to_be_visible()
    await expect(page.locator("#end-h")).to_be_focused()
    for _ in range(12):  # round the page and back: never onto the table under the results
        await page.keyboard.press("Tab")
        assert not await page.evaluate(IN_TABLE), await page.evaluate(FOCUSED)

    await page.keyboard.press("Escape")
    await expect(page.locator("#end")).to_be_hidden()
    await expect(page.locator("#show-end")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.locator("#end")).to_be_visible()
    await expect(page.locator("#end-h")).to_be_focused()
    assert page_errors(page) == []
