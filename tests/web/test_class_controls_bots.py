"""A room's Controls offer, for a player who left, every bot the landing page and the class form
offer (a real server, Redis and Chromium). They had a list of their own, five long: Planner (easy)
and Planner (strong) were missing, though the server plays them there as anywhere."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, Page, expect
from web.probekit import make_class, teacher_page


async def _options(page: Page, select: str) -> list[str]:
    texts: list[str] = await page.locator(select).evaluate(
        "e => [...e.options].filter((o) => o.value).map((o) => o.text)"
    )
    return texts


async def test_a_room_s_controls_offer_every_bot_and_put_in_a_strong_planner(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    room = made["rooms"][0]
    page = await teacher_page(system_chromium, web_url)
    try:
        await page.click("#cl-new")
        await expect(page.locator("#cs-bots")).to_be_visible()
        class_form = await _options(page, "#cs-bots")  # but "No bots"
        await page.goto(web_url + "/")
        landing = await _options(page, "#bot-kind")
        assert "Planner (strong)" in landing and "Planner (easy)" in landing
        assert class_form == landing

        await page.goto(f"{web_url}/?instructor=1&class-dash={made['code']}")
        await page.click(f"#ctl-{room} summary")
        bot = page.locator(f"#controls-{room} .ctl-bots select[id$='-bot']")
        await expect(bot).to_be_visible()
        assert await _options(page, f"#controls-{room} .ctl-bots select[id$='-bot']") == landing
        await expect(bot.locator("option:checked")).to_have_text("Tit for tat")  # as there

        # nobody has sat down in Washington's seat: a strong planner plays it
        await bot.select_option(label="Planner (strong)")
        await page.locator(f"#controls-{room} button:has-text('Bot in')").click()
        await expect(page.locator(f"#room-card-{room} .cl-seats")).to_contain_text(
            "bot: Planner (strong)"
        )
    finally:
        await page.context.close()
