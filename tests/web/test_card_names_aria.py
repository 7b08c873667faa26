"""A screen reader tells which card a button plays: each card's Play (Bluff, Select) button is
named with the card ("Play Liberation Day: +34%", not seven buttons all "Play"), and the other
side's card backs say how many ("Beijing holds 4 cards", 「北京手上有 4 張牌」, not "4")."""

from __future__ import annotations

from playwright.async_api import Browser, expect


async def test_a_cards_buttons_are_named_with_the_card(
    system_chromium: Browser, web_url: str
) -> None:
    context = await system_chromium.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(web_url)
        await page.fill("#bot-name", "Ada")
        await page.select_option("#bot-scenario", "intro")
        await page.check("#bot-seat-washington")
        await page.click("#bot-btn")
        await page.wait_for_selector("#act-check:enabled", timeout=30_000)
        first = await page.evaluate(
            """() => { const s = window.brink.state; const id = s.view.sides.washington.hand[0];
                       return s.rules.cardById[id].name.en; }"""
        )
        await expect(page.get_by_role("button", name=f"Play {first}", exact=True)).to_have_count(1)
        n = await page.evaluate("() => window.brink.state.view.sides.beijing.hand_count")
        await expect(
            page.get_by_role("img", name=f"Beijing holds {n} cards", exact=True)
        ).to_have_count(1)
        await page.click("#lang-zh")
        await expect(
            page.get_by_role("img", name=f"北京手上有 {n} 張牌", exact=True)
        ).to_have_count(1)
    finally:
        await context.close()


async def test_a_cards_select_button_is_named_with_the_card(
    system_chromium: Browser, web_url: str
) -> None:
    """Where several cards are raised with at once (classroom), the Select buttons too."""
    context = await system_chromium.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(web_url)
        await page.fill("#bot-name", "Ada")
        await page.select_option("#bot-scenario", "classroom")
        await page.check("#bot-seat-washington")
        await page.click("#bot-btn")
        await page.wait_for_selector("[id^=pick-]", timeout=30_000)
        first = await page.evaluate(
            """() => { const s = window.brink.state; const id = s.view.sides.washington.hand[0];
                       return s.rules.cardById[id].name.en; }"""
        )
        await expect(page.get_by_role("button", name=f"Select {first}", exact=True)).to_have_count(
            1
        )
    finally:
        await context.close()
