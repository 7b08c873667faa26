"""A deal term's parameter in the proposal builder is labelled with its range in the reader's
brackets: "US tariff on China (0–145)", 美國對華關稅（0–145） (full-width, as the rest of the
Chinese page)."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import to_the_talks


async def test_a_terms_parameter_range_uses_the_readers_brackets(
    system_chromium: Browser, web_url: str
) -> None:
    context = await system_chromium.new_context(
        viewport={"width": 1400, "height": 900}, locale="zh-TW"
    )
    page = await context.new_page()
    try:
        await page.goto(web_url)
        await to_the_talks(page, "Ada", "full_2025")
        label = page.locator("label[for='param-tariff_truce-on_china']")
        await expect(label).to_have_text("美國對華關稅（0–145）")
        await page.click("#lang-en")
        await expect(label).to_have_text("US tariff on China (0–145)")
    finally:
        await context.close()
