"""A class's rooms open in the language its teacher chose for it, whatever the student's browser
is set to — its join page is in that language, and the table keeps it — while a stranger's room
keeps a browser's English or Chinese (tests/web/test_strangers.py); the button still switches."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class


async def test_an_english_browser_gets_a_chinese_class_in_chinese(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\n", language="zh")
    context = await system_chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="en-US"
    )
    page = await context.new_page()
    try:
        await page.goto(f"{web_url}/?class={made['code']}")
        await join_as(page, "ada")
        await page.wait_for_function("() => window.brink.state.lang === 'zh'")
        await expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
        await page.click("#lang-en")
        await page.wait_for_function("() => window.brink.state.lang === 'en'")
    finally:
        await context.close()
