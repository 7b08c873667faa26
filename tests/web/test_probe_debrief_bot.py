"""The debrief names a class's bot as the page does elsewhere: "bot: Planner (easy)", not
"電腦: planner_easy" (its id, after an English colon in Chinese)."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page


async def test_a_room_s_bot_is_named_on_the_debrief(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\n", bots="planner_easy")
    with_bot = made["rooms"][1]
    page = await teacher_page(system_chromium, web_url)
    try:
        await page.goto(f"{web_url}/?debrief={made['code']}")
        row = page.locator(f"#db-rooms tr[data-code='{with_bot}']")
        await expect(row.locator(".who.beijing")).to_have_text("Beijing: bot: Planner (easy)")
        await page.click("#lang-zh")
        await expect(row.locator(".who.beijing")).to_have_text("北京：電腦：謀略家（簡單）")
    finally:
        await page.context.close()
