"""The new-class form's team roles in Chinese are listed with the Chinese list separator (a
real server, Redis and Chromium): a tester saw 「總統, 財政部 · 國家領導人, 副總理」 with ASCII
commas."""

from __future__ import annotations

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.probekit import teacher_page


async def test_the_roles_of_a_team_are_listed_with_the_chinese_separator(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    page = await teacher_page(system_chromium, web_url, "&new-class=1")
    try:
        await page.select_option("#cs-scenario", "classroom")
        await page.select_option("#cs-team", "2")
        roles = page.locator("#cs-roles")
        await expect(roles).to_contain_text(", ")
        await page.click("#lang-zh")
        await page.select_option("#cs-team", "2")
        await expect(roles).to_contain_text("、")
        assert ", " not in await roles.inner_text()
        assert "," not in await roles.inner_text()
    finally:
        await page.context.close()
