"""The class dashboard's head says the class is being played once a room's game is under way (a
real server, Redis and Chromium). A room's clock starts as soon as both its sides sit down, so a
teacher who never clicks Start all rooms had a class in play whose head still said "students
joining" (the class's own state stays `open` until that click); it now says "being played", in
English and Chinese, and "every game is over" once they all are."""

from __future__ import annotations

from controlkit import teacher_headers
from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient


async def test_the_dashboard_says_the_class_is_being_played_once_a_game_is_under_way(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDi\n")
    code, rooms = made["code"], made["rooms"]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    students = []
    try:
        state = page.locator("#cl-state")
        await expect(state).to_have_text("students joining")
        students += [await seated(web_url, code, name) for name in ("Ada", "Bo")]
        # Room 1 is under way (its clock started as both sides sat down); Room 2 still waits
        await expect(page.locator(f"#room-card-{rooms[0]}")).not_to_contain_text("Not started")
        await expect(state).to_have_text("being played")
        await page.click("#lang-zh")
        await expect(state).to_have_text("對局進行中")
        await page.click("#lang-en")
        students += [await seated(web_url, code, name) for name in ("Cy", "Di")]
        ws_url = web_url.replace("http://", "ws://") + "/ws"
        headers = await teacher_headers(ws_url, redis_url)
        async with BrinkClient(ws_url, "Ms Li", headers=headers) as li:
            await li.control("end", rooms[0])
            await expect(page.locator(f"#room-card-{rooms[0]}.done")).to_be_visible()
            await expect(state).to_have_text("being played")
            await li.control("end", rooms[1])
        await expect(state).to_have_text("every game is over")
    finally:
        await page.context.close()
        for student in students:
            await student.close()
