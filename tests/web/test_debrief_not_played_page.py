"""The debrief page of a class whose session ended with a room nobody played (a real server,
Redis, Python-client students and Chromium): the tester's Room 2, still waiting for Gus, read
"Winner: Washington 233 : 218". It now says the room was not played, with no winner nor
score, no row of dashes under Time per decision, no turning point and no Present button."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient


async def test_the_debrief_says_a_room_nobody_played_was_not_played(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    roster = "Ada\nBo\nCy\nGus\n"
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text=roster, same_deal=True)
    code, (played, waiting) = made["code"], made["rooms"]
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy")]
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        await expect(page.locator(f"#room-card-{played}")).to_contain_text("Hand 1")
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in await page.context.cookies())
        async with BrinkClient(ws_url, "Ms Li", headers={"Cookie": cookie}) as li:
            await li.control("end", class_=code)
        await page.goto(f"{web_url}/?debrief={code}")
        row = page.locator(f'#db-rooms tr.db-room[data-code="{waiting}"]')
        await expect(row).to_contain_text("not played (the game never started)")
        await expect(row.locator("td").nth(2)).to_have_text("—")
        await expect(row.locator("td").nth(3)).to_have_text("—")  # no tariffs "at the end"
        other = page.locator(f'#db-rooms tr.db-room[data-code="{played}"]')
        await expect(other.locator("td").nth(3)).to_contain_text("% | ")
        await expect(other.locator("td").nth(2)).to_contain_text(":")
        await expect(page.locator(".db-tile", has_text="not played")).to_contain_text("1")
        # no line on the tariffs' chart for it: nothing happened there
        legend = page.locator(".db-legend")
        await expect(legend).to_contain_text(played)
        await expect(legend).not_to_contain_text(waiting)
        # nor a row of dashes under Time per decision (nobody decided anything there), nor a
        # Present button (nothing to step through); the room played has both
        bars = page.locator("#db-bars")
        await expect(bars).to_contain_text(played)
        await expect(bars).not_to_contain_text(waiting)
        await expect(other.locator(".db-present")).to_have_count(1)
        await expect(row.locator(".db-present")).to_have_count(0)
        await expect(row.locator(".db-tps li")).to_have_count(0)  # no "the end" turning point
        # the class was dealt one game, but one room played it: nothing to compare, as it says
        await expect(page.locator("#db-no-same-deal")).to_contain_text("No two rooms that played")
    finally:
        for student in students:
            await student.close()
        await page.context.close()
