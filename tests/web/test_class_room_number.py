"""A class's room opened from the dashboard ("Open all-seeing") said "Room 8QWUCT · Teacher" at the
top, while the dashboard calls it "Room 2": the teacher had to match codes. It now says
"Room 2 (8QWUCT) · Teacher", and so does a student's own table ("Room 1 (…) · Washington"). A
link without the number (typed by hand) says it too: the page asks the server
(test_class_room_team_reload.py)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class, student_page, teacher_page


async def test_a_class_room_is_called_room_n_as_the_dashboard_calls_it(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDi\n", timers=False)
    code, rooms = made["code"], made["rooms"]
    assert len(rooms) == 2
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    student, _ = await student_page(system_chromium, web_url, code)
    try:
        await expect(page.locator(f"#room-card-{rooms[1]}")).to_contain_text("Room 2")
        async with page.context.expect_page() as opened:
            await page.click(f"#open-{rooms[1]}")
        table = await opened.value
        await table.wait_for_function(
            "() => window.brink?.state.room?.role === 'instructor' && window.brink.state.view"
        )
        badge = table.locator("#room-badge")
        await expect(badge).to_have_text(f"Room 2 ({rooms[1]}) · Teacher")
        controls = table.get_by_role("heading", name=re.compile("^Controls Room"))
        await expect(controls).to_have_text(f"Controls Room 2 {rooms[1]}")
        await table.screenshot(path=str(shots / "class-room-number.png"))
        await table.click("#lang-zh")
        await expect(badge).to_have_text(f"房間 2（{rooms[1]}） · 老師")

        # the student's own table, seated by the class
        await join_as(student, "Ada")
        await expect(student.locator("#room-badge")).to_contain_text(f"Room 1 ({rooms[0]})")

        # a link without the number: the server says it
        await table.goto(f"{web_url}/?room={rooms[0]}&as=owner")
        await table.wait_for_function("() => window.brink?.state.view")
        await expect(table.locator("#room-badge")).to_have_text(f"房間 1（{rooms[0]}） · 老師")
    finally:
        await page.context.close()
        await student.context.close()
