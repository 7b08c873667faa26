"""The debrief page in Chinese lists a side's players with 、 as it lists the students moved out
and as the dashboard lists names (a real server, Redis and Chromium): a team of two read
"華盛頓：Ada, Bo", an English comma between Chinese words; it now reads "華盛頓：Ada、Bo"."""

from __future__ import annotations

from classkit import session_cookie, signed_in
from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient


async def test_the_chinese_debrief_lists_a_teams_players_with_the_chinese_comma(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(
        web_url, redis_url, roster_text="Ada\nBo\nCy\nDi\n", team=2, scenario="classroom"
    )
    code, (room,) = made["code"], made["rooms"]
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy", "Di")]
    page = await teacher_page(system_chromium, web_url)
    try:
        sides: dict[str | None, list[str]] = {}
        for s in students:
            sides.setdefault(s.side, []).append(s.name)
        async with (
            await signed_in(ws_url) as teacher,
            BrinkClient(ws_url, "Ms Li", headers={"Cookie": session_cookie(teacher)}) as li,
        ):
            await li.control("end", class_=code)
        await page.goto(f"{web_url}/?debrief={code}")
        row = page.locator(f"#db-rooms tr.db-room[data-code='{room}']")
        await expect(row.locator(".who.washington")).to_contain_text(", ")
        await page.click("#lang-zh")
        washington = row.locator(".who.washington")
        await expect(washington).to_have_text(f"華盛頓：{'、'.join(sorted(sides['washington']))}")
    finally:
        await page.context.close()
        for client in students:
            await client.close()
