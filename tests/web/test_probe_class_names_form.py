"""The new-class form warns of a name twice as the server refuses it (name_key): one name spelt
with a composed and a decomposed accent (a list exported on a Mac), or with full-width letters,
is the same student. The form said nothing, and **Create** was refused (real server, Chromium)."""

from __future__ import annotations

import unicodedata

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.probekit import teacher_page


async def test_a_name_spelt_two_ways_is_said_twice_before_create(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    page = await teacher_page(system_chromium, web_url, "&new-class=1")
    try:
        decomposed = unicodedata.normalize("NFD", "Zoë Li")
        await page.fill("#cs-roster", f"Zoë Li\nAda\n{decomposed}\n")
        await expect(page.locator("#cs-count")).to_contain_text("twice")
        await page.fill("#cs-roster", "Ｂｏ\nAda\nbo\n")
        await expect(page.locator("#cs-count")).to_contain_text("twice")
        await page.fill("#cs-roster", "Bo\nAda\nZoë Li\n")
        await expect(page.locator("#cs-count")).to_have_text("3 students: 2 rooms")
    finally:
        await page.context.close()
