"""The end screen gave each side a score (201 against 224, "Beijing wins on points") and said
nowhere what a score is made of: a student could not tell why they had lost, nor check the sum
against the table. It now says, under the scores, each side's sum as the rules make it (read
out as the page reads the cards' conditions) and that a secret objective met adds its points,
in the page's language.

Real Chromium, a real server and Redis; the other side is the server's bot."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, mei_plays_the_bot, page_errors, play_out


async def test_the_end_screen_says_how_a_score_is_made(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    page = await mei_plays_the_bot(system_chromium, web_url, PHONE, "washington")
    await expect(page.locator("#table")).to_be_visible()
    await play_out([page])
    how = page.locator("#score-how")
    await expect(how).to_be_visible()
    await expect(how).to_contain_text(
        "Washington: US market index + US industrial output + Washington's leverage won"
    )
    await expect(how).to_contain_text("− Domestic pressure on Beijing")
    await expect(how).to_contain_text("secret objective")
    await page.click("#lang-zh")
    await expect(how).to_contain_text("華盛頓：美國市場指數 + 美國工業產出")
    await how.scroll_into_view_if_needed()
    await page.screenshot(path=shots / "score-how-phone-zh.png")
    assert page_errors(page) == []
