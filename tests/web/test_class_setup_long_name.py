"""A roster name over 40 characters: the new-class form counted it as any name ("8 students: 2
rooms") and Create showed the server's raw refusal ("roster[7]: at most 40 characters, not 91").
The form says so in plain words as the roster is typed, and Create does not send it."""

from __future__ import annotations

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.probekit import teacher_page

LONG = "Maximiliano Fernández-García Montenegro de la Santísima Trinidad y Borbón"


async def test_a_name_too_long_is_said_before_create(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    page = await teacher_page(system_chromium, web_url, "&new-class=1")
    try:
        await page.fill("#cs-title", "Period 3")
        await page.fill("#cs-roster", f"Ada\nBo\nCy\n{LONG}\n")
        count = page.locator("#cs-count")
        await expect(count).to_contain_text("longer than 40 characters")
        await expect(count).to_contain_text("Maximiliano")
        await expect(count).to_have_class("help warn")
        await page.click("#cs-create")
        error = page.locator("#cs-error")
        await expect(error).to_contain_text("longer than 40 characters")
        assert "roster[" not in await error.inner_text()
        # shortened: made
        await page.fill("#cs-roster", "Ada\nBo\nCy\nMaximiliano F.\n")
        await expect(count).to_have_text("4 students: 2 rooms")
        await page.click("#cs-create")
        await expect(page.locator(".cl-room")).to_have_count(2)
    finally:
        await page.context.close()
