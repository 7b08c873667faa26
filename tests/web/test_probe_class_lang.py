"""The class console in the language the teacher switches to: the list of classes, the new-class
form and the projected join page stayed in the language they were drawn in (only the dashboard
followed the switch); an open class said "0 of 0 joined"."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page


async def test_every_view_of_the_console_follows_a_language_switch(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, mode="open", title="Period 5")
    code = made["code"]
    page = await teacher_page(system_chromium, web_url)
    try:
        await expect(page.locator("#cl-list-h")).to_have_text("Your classes")
        await expect(page.locator("#cl-classes")).to_contain_text("0 joined")
        await page.click("#lang-zh")
        await expect(page.locator("#cl-list-h")).to_have_text("你的課堂")
        await expect(page.locator("#cl-classes")).to_contain_text("已加入 0 人")
        await expect(page.locator(f"#cl-open-{code}")).to_have_text("儀表板")

        # the form: in the new language, with what was typed
        await page.click("#lang-en")
        await page.click("#cl-new")
        await page.fill("#cs-title", "Period 6")
        await page.fill("#cs-roster", "Ada\nBo\n")
        await page.click("#lang-zh")
        await expect(page.locator("#cs-h")).to_have_text("新課堂")
        await expect(page.locator("#cs-title")).to_have_value("Period 6")
        await expect(page.locator("#cs-roster")).to_have_value("Ada\nBo")

        # the join page, on the projector
        await page.goto(f"{web_url}/?instructor=1&project={code}")
        await expect(page.locator("#jp-count")).to_have_text("已加入 0 人")
        await page.click("#lang-en")
        await expect(page.locator("#jp-count")).to_have_text("0 joined")
        await expect(page.locator("#join-page")).to_contain_text("type the class code")
    finally:
        await page.context.close()
