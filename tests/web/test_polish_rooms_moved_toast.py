"""A student the teacher moves is told the room as the dashboard names it ("Room 2", its code
beside): the toast said "room C6G4BM" while the teacher had said "Room 2". `class_followed`
carries the room's `room_number` in its class. A real server, Redis and Chromium."""

from __future__ import annotations

from classkit import signed_in
from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class, student_page


async def test_a_moved_student_is_told_the_room_s_number(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n", shuffle=False)
    code, rooms = made["code"], made["rooms"]
    ada = next(s for s in made["students"] if s["name"] == "Ada")
    page, _ = await student_page(system_chromium, web_url, code)
    try:
        await join_as(page, "Ada")
        assert await page.evaluate("window.brink.state.room.code") == rooms[0]
        move = {"student": ada["id"], "room": "new", "seat": "beijing"}
        ws_url = web_url.replace("http://", "ws://") + "/ws"
        async with (
            await signed_in(ws_url) as teacher,
            teacher.post(f"/api/classes/{code}/move", json=move) as moved,
        ):
            assert moved.status == 200, await moved.text()
            third = (await moved.json())["rooms"][2]
        await expect(page.locator("#toast")).to_have_text(
            f"Your teacher moved you: you now play Beijing in Room 3 ({third})."
        )
    finally:
        await page.context.close()
