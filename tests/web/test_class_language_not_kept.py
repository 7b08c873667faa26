"""A class opens in its teacher's language, but that is not kept as the student's own choice (a
real server, Redis and Chromium). A student whose browser is Chinese opened their English class:
the page stored English as if they had clicked the button, so next term's class in Chinese (and
the front page, and a stranger's room) opened in English afterwards. Now only the button's
choice is kept; the class's language holds on its pages."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class


async def test_a_classs_language_is_not_kept_as_the_students_choice(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    english = await make_class(web_url, redis_url, roster_text="Ada\nBo\n", language="en")
    context = await system_chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN"
    )
    page = await context.new_page()
    try:
        await page.goto(f"{web_url}/?class={english['code']}")
        await join_as(page, "Ada")
        await page.wait_for_function("() => window.brink.state.lang === 'en'")  # the class's
        await expect(page.locator("html")).to_have_attribute("lang", "en")
        assert await page.evaluate("localStorage.getItem('brink.lang')") is None
        front = await context.new_page()  # the front page in another tab: the browser's
        await front.goto(web_url + "/")
        await expect(front.locator("html")).to_have_attribute("lang", "zh-Hant")
        await front.close()

        chinese = await make_class(web_url, redis_url, roster_text="Ada\nBo\n", language="zh")
        await page.goto(f"{web_url}/?class={chinese['code']}")  # next term's class
        await expect(page.locator("#class-name")).to_be_visible()
        assert await page.evaluate("window.brink.state.lang") == "zh"
        await expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
        await page.click("#lang-en")  # the button's choice is kept
        await page.goto(f"{web_url}/?class={chinese['code']}")
        await expect(page.locator("#class-name")).to_be_visible()
        assert await page.evaluate("window.brink.state.lang") == "en"
    finally:
        await context.close()
