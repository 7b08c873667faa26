"""A screen reader tells which card a button plays: each card's Play (Bluff, Select) button is
named with the card ("Play Liberation Day: +34%", not seven buttons all "Play"), and the other
side's card backs say how many ("Beijing holds 4 cards", 「北京手上有 4 張牌」, not "4")."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from playwright.async_api import Browser, Page, expect

# the card's title as its hand shows it (a rate in its name is the one playing it now would
# make: tests/web/test_card_title_rate.py)
FIRST_CARD = """() => { const s = window.brink.state; const id = s.view.sides.washington.hand[0];
                      const card = document.querySelector(`article[data-card="${id}"]`);
                      return card.querySelector("h4").textContent; }"""


@asynccontextmanager
async def bot_game(
    browser: Browser, web_url: str, scenario: str, ready: str
) -> AsyncIterator[tuple[Page, str]]:
    """Ada plays Washington against the bot in `scenario`, once `ready` shows; yields the page
    and the English title of her hand's first card."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(web_url)
        await page.fill("#bot-name", "Ada")
        await page.select_option("#bot-scenario", scenario)
        await page.check("#bot-seat-washington")
        await page.click("#bot-btn")
        await page.wait_for_selector(ready, timeout=30_000)
        yield page, await page.evaluate(FIRST_CARD)
    finally:
        await context.close()


async def test_a_cards_buttons_are_named_with_the_card(
    system_chromium: Browser, web_url: str
) -> None:
    async with bot_game(system_chromium, web_url, "intro", "#act-check:enabled") as (page, first):
        await expect(page.get_by_role("button", name=f"Play {first}", exact=True)).to_have_count(1)
        n = await page.evaluate("() => window.brink.state.view.sides.beijing.hand_count")
        await expect(
            page.get_by_role("img", name=f"Beijing holds {n} cards", exact=True)
        ).to_have_count(1)
        await page.click("#lang-zh")
        await expect(
            page.get_by_role("img", name=f"北京手上有 {n} 張牌", exact=True)
        ).to_have_count(1)


async def test_a_cards_select_button_is_named_with_the_card(
    system_chromium: Browser, web_url: str
) -> None:
    """Where several cards are raised with at once (classroom), the Select buttons too."""
    async with bot_game(system_chromium, web_url, "classroom", "[id^=pick-]") as (page, first):
        select = page.get_by_role("button", name=f"Select {first}", exact=True)
        await expect(select).to_have_count(1)
