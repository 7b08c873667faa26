"""A teacher asks for a bot for a team's side while one of its two players is still at the table
(a real server, Redis and Chromium): the refusal said "That side's player is at the table", as if
a side had one player, and not what to do; now it says a bot plays a whole side once all its
players have left, and that a seat can be given to someone under Seats."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page


async def test_a_bot_for_a_team_side_with_a_player_still_there_is_refused_in_plain_words(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\nCy\nDee\n", team=2
    )
    code, room = made["code"], made["rooms"][0]
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy", "Dee")]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        await students[2].close()  # one of Beijing's two players leaves
        await page.click(f"#ctl-{room} summary")
        controls = page.locator(f"#controls-{room}")
        await controls.locator("select[id$='-side']").select_option("beijing")
        await controls.locator("button[id$='-bot_in']").click()
        said = controls.locator(".ctl-status")
        await expect(said).to_contain_text("A player of that side is still at the table")
        await expect(said).to_contain_text("once all its players have left")
        await page.click("#lang-zh")
        await controls.locator("button[id$='-bot_in']").click()
        await expect(said).to_contain_text("該陣營仍有玩家在牌桌上")
    finally:
        for student in students:
            await student.close()
        await page.context.close()
