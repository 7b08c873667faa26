"""The join page shows the class code letter-spaced, so students type it with spaces (and in lower
case): the code field used to keep only its first 8 characters, spaces included ("W V B 9"), and
answered "No class with that code". Spaces are dropped and letters upper-cased before the limit."""

from __future__ import annotations

from playwright.async_api import Browser
from web.probekit import make_class


async def test_a_code_typed_with_spaces_and_in_lower_case_finds_the_class(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    spaced = " ".join(made["code"].lower())
    context = await system_chromium.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    try:
        await page.goto(f"{web_url}/?class=")
        await page.locator("#class-code").press_sequentially(spaced)
        assert await page.locator("#class-code").input_value() == made["code"]
        await page.fill("#class-name", "ada")
        await page.click("#class-join-btn")
        await page.wait_for_function("() => window.brink.state.room?.role === 'player'")
        # the landing page's card too
        await page.goto(f"{web_url}/")
        card = page.locator("#class-card-code")
        if await card.count():
            await card.press_sequentially(spaced)
            assert await card.input_value() == made["code"]
    finally:
        await context.close()
