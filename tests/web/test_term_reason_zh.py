"""A deal term's reason in Chinese says its condition in the rules' words with full-width
brackets: 「需要（稀土永磁對美出口量 < 100 或 稀土出口管制生效：是）且 …」. It read the
expression with its symbols rewritten, half-width brackets and all (「需要 (稀土… ) 且 …」)."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import MAGNETS_REFUSED, to_the_talks


async def test_a_terms_reason_in_chinese_has_full_width_brackets(
    system_chromium: Browser, web_url: str
) -> None:
    context = await system_chromium.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    try:
        await page.goto(web_url)
        await page.click("#lang-zh")
        await to_the_talks(page, "小明", "intro")
        # magnets for chips needs a US chip ban in force: Washington played none
        await page.wait_for_function(MAGNETS_REFUSED)
        why = page.locator("#why-term-magnets_for_chips")
        await expect(why).to_contain_text(
            "需要（稀土永磁對美出口量 < 100 或 稀土出口管制生效：是）且"
        )
        reason = await why.inner_text()
        assert "(" not in reason and ")" not in reason, reason
        # in English the brackets stay, around the "or" that the "and" needs whole
        await page.click("#lang-en")
        await expect(why).to_contain_text(
            "needs (Magnet exports reaching the US < 100"
            " or Rare-earth export controls in force: yes) and"
        )
    finally:
        await context.close()
