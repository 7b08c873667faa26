"""A student whose page follows the teacher's presentation sees the presentation, not what is
left of their table (a real server, Redis and Chromium). The header still said "Room 1 (K8C5M2) ·
Washington · President" with a Leave button, and the teacher's message to the game's players
("5 minutes left") stayed over the replay; when the presentation ended the student was left on
the replay, with no way back to their table but Leave. Now the page is the presentation's while
it follows, and the student is back at their table (their game's results) when it ends."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class, seated, student_page, teacher_page


async def test_a_student_following_the_presenter_sees_no_leftovers_of_their_table(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code, room = made["code"], made["rooms"][0]
    student, _ = await student_page(system_chromium, web_url, code)
    await join_as(student, "Ada")
    bo = await seated(web_url, code, "Bo")
    teacher = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        # the teacher tells the room's players something, then ends their game
        teacher.on("dialog", lambda dialog: dialog.accept())
        await teacher.click(f"#ctl-{room} summary")
        controls = teacher.locator(f"#controls-{room}")
        await controls.locator("input[id$='-message']").fill("Hold on, class: 5 minutes left")
        await controls.locator("button[id$='-broadcast']").click()
        await expect(student.locator("#broadcast-text")).to_have_text(
            "Hold on, class: 5 minutes left"
        )
        await controls.locator("button:has-text('End the game')").click()
        await expect(student.locator("#end")).to_be_visible()
        await expect(student.locator("#room-badge")).to_be_visible()

        # and presents it from the class's debrief: the student's page follows
        await teacher.goto(f"{web_url}/?debrief={code}")
        await teacher.click(f'button.db-present[data-room="{room}"]')
        await expect(student.locator("#present-what")).to_contain_text("Following your teacher")
        await expect(student.locator("#rp-title")).to_contain_text(room)
        await expect(student.locator("#room-badge")).to_be_hidden()
        await expect(student.locator("#leave")).to_be_hidden()
        await expect(student.locator("#broadcast")).to_be_hidden()
        await teacher.keyboard.press("ArrowRight")
        await expect(student.locator("#rp-pos")).to_contain_text("Step 1 of")
        await expect(student.locator("#room-badge")).to_be_hidden()  # a step drawn: still

        # the presentation ends: back at the table, the old message not back with it
        await teacher.click("#present-stop")
        await expect(student.locator("#present-bar")).to_have_count(0)
        await expect(student.locator("#end")).to_be_visible()
        await expect(student.locator("#room-badge")).to_contain_text(room)
        await expect(student.locator("#broadcast")).to_be_hidden()
        assert f"room={room}" in student.url and "game=" not in student.url
    finally:
        await bo.close()
        await teacher.context.close()
        await student.context.close()
