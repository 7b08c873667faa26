"""The class's controls tell the rooms the server paused apart from the instructor's: a room whose
student was removed mid-game waits for someone to take the seat (`no_seat`), and the class's
Resume leaves it so (it resumed it, and counted it as paused by the instructor). A real server,
Redis and Chromium; the students are Python clients following the class."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from classkit import signed_in
from classroom.test_class_seat_left import seated
from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page

SECONDS = {"betting": 60, "talks": 60}


async def test_the_class_panel_says_which_rooms_wait_for_a_seat_and_resume_leaves_them(
    system_chromium: Browser, web_url: str, redis_url: str, tmp_path: Path
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n", seconds=SECONDS
    )
    code, (first, second) = made["code"], made["rooms"]
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    students = [await seated(ws_url, code, name) for name in ("Ada", "Bo", "Cy", "Dee")]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        async with (
            await signed_in(ws_url) as teacher,
            teacher.delete(f"/api/classes/{code}/students/s2") as removed,  # Bo, Room 1
        ):
            assert removed.status == 200, await removed.text()
        card = page.locator(f"#room-card-{first}")
        await expect(card).to_contain_text("waiting for someone to take the seat")
        await page.click("#ctl-class summary")
        panel = page.locator("#class-controls")
        state = panel.locator(".ctl-state")
        await expect(state).to_contain_text(
            "Paused by the server, a player having left: Room 1 (Beijing)."
        )
        pause = panel.locator("button[id$='-pause']")
        resume = panel.locator("button[id$='-resume']")
        await expect(pause).to_have_class("primary")  # Room 2 runs
        await pause.click()
        await expect(panel.locator(".ctl-status")).to_contain_text("Done in 2 of 2 rooms.")
        await expect(state).to_contain_text("Paused by you: Room 1, Room 2.")
        await expect(resume).to_have_class("primary")
        await resume.click()
        status = panel.locator(".ctl-status")
        await expect(status).to_contain_text("Done in 1 of 2 rooms.")
        await expect(status).to_contain_text("1 still paused until a player takes the seat")
        await expect(status).not_to_have_class("ctl-status error")
        await expect(state).to_have_text(
            "Paused by the server, a player having left: Room 1 (Beijing). The clock waits until"
            " someone takes the seat; Resume leaves these paused."
        )
        await expect(card).to_contain_text("waiting for someone to take the seat")
        await expect(page.locator(f"#room-card-{second}")).not_to_contain_text("aused")
        await expect(pause).to_have_class("primary")
        await page.screenshot(path=tmp_path / "panel.png", full_page=True)
    finally:
        await page.context.close()
        for student in students:
            await student.close()
