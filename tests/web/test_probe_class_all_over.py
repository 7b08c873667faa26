"""The dashboard once every room's game is over, before the teacher ends the class (a real
server, Redis and Chromium): the next step is the debrief. The head still said "students
joining", offered **Start all rooms** as its main button, and left **Debrief** plain; it now says
every game is over, hides Start all rooms and highlights Debrief — live, as the last game ends."""

from __future__ import annotations

from classkit import add_instructor
from controlkit import teacher_headers
from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient


async def test_when_every_game_is_over_the_debrief_is_next(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDi\n")
    code, rooms = made["code"], made["rooms"]
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy", "Di")]
    await add_instructor(redis_url)
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        await expect(page.locator("#cl-start")).to_be_visible()
        # both rooms' clocks started as their students sat down (test_class_state_playing.py)
        await expect(page.locator("#cl-state")).to_have_text("being played")
        async with BrinkClient(
            ws_url, "Ms Li", headers=await teacher_headers(ws_url, redis_url)
        ) as li:
            await li.control("end", rooms[0])
            await expect(page.locator(f"#room-card-{rooms[0]}.done")).to_be_visible()
            # one game over of two: nothing changes yet
            await expect(page.locator("#cl-start")).to_be_visible()
            await expect(page.locator("#cl-debrief")).not_to_have_class("watch primary")
            await li.control("end", rooms[1])
        await expect(page.locator("#cl-state")).to_have_text("every game is over")
        await expect(page.locator("#cl-start")).to_be_hidden()
        await expect(page.locator("#cl-debrief")).to_have_class("watch primary")
        await page.click("#lang-zh")
        await expect(page.locator("#cl-state")).to_have_text("所有對局都已結束")
        await expect(page.locator("#cl-start")).to_be_hidden()
    finally:
        await page.context.close()
        for student in students:
            await student.close()
