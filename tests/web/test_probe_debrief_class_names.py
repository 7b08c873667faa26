"""A class's debrief names the class and its rooms as the dashboard does (a real server, Redis
and Chromium): the class's title beside its code, and "Room 1", "Room 2" beside each room's code,
in the rooms table and the chart's legend. It showed the code alone ("Debrief · class K7PQ2",
rooms "4QE85G"...), and a teacher who had spoken of Room 2 all period had to find it by its
players."""

from __future__ import annotations

import asyncio

from classkit import signed_in
from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page


async def test_the_debrief_says_the_class_s_title_and_room_numbers(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(
        web_url, redis_url, title="Period 3 經濟", roster_text="Ada\nBo\nCy\nDi\n"
    )
    code, rooms = made["code"], made["rooms"]
    # both rooms played (a room never started has no line on the chart: not played)
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy", "Di")]
    async with await signed_in(web_url.replace("http://", "ws://") + "/ws") as teacher:
        async with asyncio.timeout(20):
            while True:
                async with teacher.get(f"/api/classes/{code}/debrief") as reply:
                    found = await reply.json()
                if all(room["played"] for room in found["rooms"]):
                    break
                await asyncio.sleep(0.05)
        assert found["class_title"] == "Period 3 經濟"
        assert found["room_numbers"] == {rooms[0]: 1, rooms[1]: 2}
    page = await teacher_page(system_chromium, web_url)
    try:
        await page.goto(f"{web_url}/?debrief={code}")
        await expect(page.locator("#db-title")).to_have_text(
            f"Debrief · Period 3 經濟 · class {code}"
        )
        row = page.locator(f"#db-rooms tr.db-room[data-code='{rooms[1]}']")
        await expect(row.locator(".db-room-n")).to_have_text("Room 2")
        await expect(page.locator(f".db-pick[data-room='{rooms[0]}']")).to_have_text(
            f"Room 1 {rooms[0]}"
        )
        await page.click("#lang-zh")
        await expect(page.locator("#db-title")).to_have_text(
            f"課後討論 · Period 3 經濟 · 課堂 {code}"
        )
        await expect(row.locator(".db-room-n")).to_have_text("房間 2")
    finally:
        for student in students:
            await student.close()
        await page.context.close()
