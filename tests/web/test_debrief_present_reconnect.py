"""A student following the teacher's presentation whose connection drops and comes back (a real
server, Redis and Chromium) is back at the presentation, at the step the teacher shows: the
page's seat resumed on the new connection and its table took the place of the replay until the
teacher's next step."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class, seated, student_page, teacher_page


async def test_a_student_who_reconnects_mid_presentation_is_back_at_the_presentation(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code, room = made["code"], made["rooms"][0]
    student, _ = await student_page(system_chromium, web_url, code)
    await join_as(student, "Ada")
    bo = await seated(web_url, code, "Bo")
    teacher = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        teacher.on("dialog", lambda dialog: dialog.accept())
        await teacher.click(f"#ctl-{room} summary")
        await teacher.locator(f"#controls-{room} button:has-text('End the game')").click()
        await expect(student.locator("#end")).to_be_visible()

        await teacher.goto(f"{web_url}/?debrief={code}")
        await teacher.click(f'button.db-present[data-room="{room}"]')
        await expect(student.locator("#rp-pos")).to_contain_text("Step 0 of")
        await expect(teacher.locator("#rp-pos")).to_contain_text("Step 0 of")
        await teacher.keyboard.press("ArrowRight")
        await expect(student.locator("#rp-pos")).to_contain_text("Step 1 of")

        # the student's connection drops, and comes back
        await student.context.set_offline(True)
        await expect(student.locator("#conn")).to_have_class("conn reconnecting")
        await student.context.set_offline(False)
        await student.wait_for_timeout(1500)  # the seat resumed, the class followed again
        await expect(student.locator("#replay")).to_be_visible()
        await expect(student.locator("#table")).to_be_hidden()
        await expect(student.locator("#rp-pos")).to_contain_text("Step 1 of")
        await expect(student.locator("#present-what")).to_contain_text("Following your teacher")

        # the page reloaded: it follows the class again, and is at the presentation, which it
        # still follows (it was a replay of its own, left at the step it had)
        await student.reload()
        await expect(student.locator("#present-what")).to_contain_text("Following your teacher")
        await student.wait_for_timeout(1500)  # the seat resumed meanwhile: its table not shown
        await expect(student.locator("#replay")).to_be_visible()
        await expect(student.locator("#table")).to_be_hidden()
        await expect(student.locator("#rp-pos")).to_contain_text("Step 1 of")
        await teacher.keyboard.press("ArrowRight")
        await expect(student.locator("#rp-pos")).to_contain_text("Step 2 of")

        # the class's link opened again (another tab, the phone's browser reopened): the same
        again = await student.context.new_page()
        await again.goto(f"{web_url}/?class={code}")
        await expect(again.locator("#present-what")).to_contain_text("Following your teacher")
        await again.wait_for_timeout(1500)
        await expect(again.locator("#replay")).to_be_visible()
        await expect(again.locator("#rp-pos")).to_contain_text("Step 2 of")
        await again.close()

        # the presentation ends: back at the table
        await teacher.click("#present-stop")
        await expect(student.locator("#present-bar")).to_have_count(0)
        await expect(student.locator("#end")).to_be_visible()
        await expect(student.locator("#room-badge")).to_contain_text(room)
        assert f"room={room}" in student.url and "game=" not in student.url
    finally:
        await bo.close()
        await teacher.context.close()
        await student.context.close()
