"""In the talks, a deal term that is not on offer cannot be ticked — not by a click on its box or
its label, not by the keyboard — while it stays focusable, marked unavailable for screen readers
(aria-disabled), its reason under it and read with it (aria-describedby), and on hover (title)."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import MAGNETS_REFUSED, to_the_talks


async def test_a_term_not_on_offer_cannot_be_ticked(system_chromium: Browser, web_url: str) -> None:
    context = await system_chromium.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(web_url)
        await to_the_talks(page, "Ada", "full_2025")
        # magnets for chips needs a US chip ban in force: Washington played none
        await page.wait_for_function(MAGNETS_REFUSED)
        box = page.locator("#term-magnets_for_chips")
        why = page.locator("#why-term-magnets_for_chips")
        await expect(box).to_have_attribute("aria-disabled", "true")
        await expect(box).to_have_attribute("aria-describedby", "why-term-magnets_for_chips")
        await expect(why).to_contain_text("Why not")
        reason = await why.inner_text()
        await expect(page.locator("label[for='term-magnets_for_chips']")).to_have_attribute(
            "title", reason
        )
        await expect(box).to_be_disabled()  # Playwright reads aria-disabled so
        # The clicks are made in the page in one go: the bot's moves redraw the talks, and a
        # click aimed by Playwright at a box that is redrawn under it finds nothing to click.
        await page.evaluate("() => document.getElementById('term-magnets_for_chips').click()")
        await expect(box).not_to_be_checked()
        await page.evaluate(
            "() => document.querySelector(\"label[for='term-magnets_for_chips']\").click()"
        )
        await expect(box).not_to_be_checked()
        await box.focus()
        await expect(box).to_be_focused()
        await page.keyboard.press("Space")
        await expect(box).not_to_be_checked()
        assert await page.evaluate("() => !window.brink.state.builder.terms.magnets_for_chips")
        # a term on offer still ticks and unticks, by keyboard too
        offered = await page.evaluate(
            """() => { const s = window.brink.state;
                       const terms = s.options[s.room.seat].terms;
                       return Object.keys(terms).find((id) => terms[id] === null); }"""
        )
        if offered:
            other = page.locator(f"#term-{offered}")
            await expect(other).not_to_have_attribute("aria-disabled", "true")
            was = await other.is_checked()
            await other.focus()
            await page.keyboard.press("Space")
            await expect(other).to_be_checked(checked=not was)
    finally:
        await context.close()
