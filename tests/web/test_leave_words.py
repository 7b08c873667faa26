"""The Leave question says what leaving does at this table. It said "you cannot come back to it.
Until someone sits down in your place, the game and its clock wait" everywhere: wrong for a team
role whose teammates still sit (their side has a seat taken: the clock runs on), and for a class
(the class link seats the student in the very same seat again). And the teacher's broadcast to
the room left stayed over the front page the student went to.

Real Chromium, a real server and Redis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.async_api import Browser, expect
from serverkit import start_server
from web.probekit import join_as, make_class, seated, student_page, teacher_page
from web.test_banner_roles import seated_page
from web.test_browser import page_errors

from client.connection import BrinkClient


async def test_a_team_role_is_told_its_teammates_play_on_and_the_clock_runs(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    try:
        async with BrinkClient(ws_url, "Ada") as president, BrinkClient(ws_url, "Bo") as bo:
            created = await president.create_room("classroom", seconds={"betting": 300})
            await president.join(created.code, "washington:president")
            await bo.join(created.code, "beijing")
            page = await seated_page(
                system_chromium, web_url, created.code, "Cy", "washington:commerce"
            )
            await page.wait_for_function("() => window.brink.state.deadline !== null")
            await page.click("#lang-en")
            await page.click("#leave")
            why = page.locator("#leave-why")
            await expect(why).to_contain_text("Your teammates at the table play on for your side")
            await expect(why).to_contain_text("the game and its clock go on without you")
            await expect(why).not_to_contain_text("wait")
            await page.screenshot(path=shots / "leave-words-team.png")
            await page.click("#leave-stay")  # the question is modal: the language first
            await page.click("#lang-zh")
            await page.click("#leave")
            await expect(why).to_contain_text("仍在牌桌的隊友會繼續代表你方出戰")
            await expect(why).not_to_contain_text("暫停")
            await page.click("#leave-stay")
            await president.leave()  # alone on Washington's side now: the clock waits for it
            await page.wait_for_function("() => !window.brink.state.seats['washington:president']")
            await page.click("#leave")
            await expect(why).to_contain_text("遊戲和計時都會暫停")
            await expect(why).not_to_contain_text("隊友")
            assert page_errors(page) == []
    finally:
        await runner.cleanup()


async def test_a_student_is_told_the_class_link_brings_them_back_and_leaves_the_broadcast(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code, room = made["code"], made["rooms"][0]
    student, _ = await student_page(system_chromium, web_url, code)
    errors: list[str] = []
    student.on("pageerror", lambda error: errors.append(str(error)))
    await join_as(student, "Ada")
    seat = await student.evaluate("window.brink.state.room.seat")
    bo = await seated(web_url, code, "Bo")
    teacher = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        await teacher.click(f"#ctl-{room} summary")
        controls = teacher.locator(f"#controls-{room}")
        await controls.locator("input[id$='-message']").fill("Hold on, class: 5 minutes left")
        await controls.locator("button[id$='-broadcast']").click()
        await expect(student.locator("#broadcast-text")).to_have_text(
            "Hold on, class: 5 minutes left"
        )
        await student.click("#lang-en")
        await student.click("#leave")
        why = student.locator("#leave-why")
        await expect(why).to_contain_text("the seat stays yours: open the class link again")
        await expect(why).not_to_contain_text("cannot come back")
        await student.screenshot(path=shots / "leave-words-class.png")
        await student.click("#leave-stay")  # the question is modal: the language first
        await student.click("#lang-zh")
        await student.click("#leave")
        await expect(why).to_contain_text("再次打開課堂連結，就會回到這個座位")
        await expect(why).not_to_contain_text("無法再回到")
        await student.click("#leave-confirm")
        await expect(student.locator("#landing")).to_be_visible()
        # the room's broadcast did not follow the student out
        await expect(student.locator("#broadcast")).to_be_hidden()
        await student.screenshot(path=shots / "leave-words-class-front.png")
        # and the class link seats them where they were, as the question said
        await student.goto(f"{web_url}/?class={code}")
        await student.wait_for_function("() => window.brink.state.room?.role === 'player'")
        assert await student.evaluate("window.brink.state.room.seat") == seat
        assert errors == []
    finally:
        await bo.close()
        await teacher.context.close()
        await student.context.close()
