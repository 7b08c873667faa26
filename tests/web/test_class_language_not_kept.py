"""A class opens in its teacher's language, but that is not kept as the student's own choice (a
real server, Redis and Chromium). A student whose browser is Chinese opened their English class:
the page stored English as if they had clicked the button, so the front page, a stranger's room
and next term's class in Chinese all opened in English afterwards. Now only the button's choice
is kept; the class's language holds while its page is open."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class


async def test_a_classs_language_is_not_kept_as_the_students_choice(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\n", language="en")
    context = await system_chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN"
    )
    page = await context.new_page()
    try:
        await page.goto(f"{web_url}/?class={made['code']}")
        await join_as(page, "Ada")
        await page.wait_for_function("() => window.brink.state.lang === 'en'")  # the class's
        await expect(page.locator("html")).to_have_attribute("lang", "en")
        assert await page.evaluate("localStorage.getItem('brink.lang')") is None
        await page.goto(web_url + "/")
        await page.wait_for_function("() => window.brink.state.lang === 'zh'")  # the browser's
        await expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
        await page.goto(f"{web_url}/?class={made['code']}")  # back to the class: its language
        await page.wait_for_function("() => window.brink.state.lang === 'en'")
        await page.click("#lang-zh")  # the button's choice is kept
        await page.goto(web_url + "/")
        assert await page.evaluate("localStorage.getItem('brink.lang')") == "zh"
    finally:
        await context.close()
