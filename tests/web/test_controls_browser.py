"""An instructor steers a room from the all-seeing room view in a real browser (real server,
Redis and Chromium): a pause that a student's browser shows and that refuses the student's move
with a clear message, a broadcast shown over the student's table, resuming, and the controls in
the room's log and the replay viewer."""

from __future__ import annotations

from pathlib import Path

from classkit import PASSWORD, add_instructor
from playwright.async_api import Browser, BrowserContext, Page, expect
from web.snap import snap

from client.connection import BrinkClient

LAPTOP = {"width": 1400, "height": 900}


async def new_page(browser: Browser) -> tuple[BrowserContext, Page, list[str]]:
    context = await browser.new_context(viewport=LAPTOP)  # type: ignore[arg-type]
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # (The sign-in screen asks /api/instructor/me first: its 401 is not an error of the page.)
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "401" not in m.text else None,
    )
    return context, page, errors


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url + "/?instructor=1")
    await page.fill("#in-name", "ms_li")
    await page.fill("#in-password", PASSWORD)
    await page.click("#sign-in")
    await expect(page.locator("#signed-in-as")).to_have_text("Signed in as ms_li")


async def test_an_instructor_pauses_a_room_and_a_students_move_is_refused_clearly(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    await add_instructor(redis_url)
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    teacher_context, teacher, teacher_errors = await new_page(system_chromium)
    student_context, ada, ada_errors = await new_page(system_chromium)
    try:
        await sign_in(teacher, web_url)
        # The room is the instructor's: made on a socket signed in with the same session.
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in await teacher_context.cookies())
        async with (
            BrinkClient(ws_url, "Ms Li", headers={"Cookie": cookie}) as maker,
            BrinkClient(ws_url, "Bo") as bo,
        ):
            room = await maker.create_room("intro")
            code = room.code
            # Ada plays Washington in her browser; Bo Beijing from a script.
            await ada.goto(f"{web_url}/?room={code}")
            await ada.fill("#join-name", "Ada")
            await ada.check("#join-seat-washington")
            await ada.click("#join-btn")
            await bo.join(code, "beijing")
            await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
            # The instructor opens the room all-seeing with its key: the controls are there.
            await teacher.goto(f"{web_url}/?room={code}")
            await teacher.click("details.teacher summary")
            await teacher.fill("#join-key", room.instructor_key)
            await teacher.click("#join-btn")
            panel = teacher.locator("#room-controls .controls")
            await expect(panel).to_be_visible()
            await expect(teacher.locator("#ctl1-state")).to_have_text("Running.")

            await teacher.click("#ctl1-pause")
            await expect(teacher.locator("#ctl1-state")).to_have_text("Paused by ms_li.")
            # said once: the banner's hint, not a second note under it (a tester read both)
            await expect(ada.locator("#turn-text")).to_have_text("The game is paused")
            await expect(ada.locator("#turn-hint")).to_have_text(
                "ms_li has paused the game: moves wait until it resumes."
            )
            await expect(ada.locator("#paused-note")).to_have_count(0)
            await expect(ada.locator("#timer")).to_have_text("❚❚ paused")
            # The move waits, and says why; sent anyway, it is refused with the same words.
            await expect(ada.locator("#act-check")).to_be_disabled()
            # (said once for all the moves of the betting, each of which waits for it)
            await expect(ada.locator("#board-why")).to_contain_text(
                "The instructor has paused the game: wait until they resume it."
            )
            await ada.evaluate("window.brink.act({type: 'check'})")
            toast = ada.locator("#toast")
            await expect(toast).to_be_visible()
            await expect(toast).to_have_text(
                "The instructor has paused the game: wait until they resume it."
            )
            await expect(ada.locator("#log")).to_contain_text("ms_li paused the game.")
            await ada.screenshot(path=str(shots / "controls-student-paused.png"))

            await teacher.fill("#ctl1-message", "Two minutes to decide")
            await teacher.click("#ctl1-broadcast")
            await expect(ada.locator("#broadcast-text")).to_have_text("Two minutes to decide")
            await expect(ada.locator("#broadcast")).to_contain_text("Message from ms_li")
            await ada.screenshot(path=str(shots / "controls-student-broadcast.png"))
            await teacher.screenshot(
                path=str(shots / "controls-instructor-room.png"), full_page=True
            )

            await teacher.click("#ctl1-resume")
            await expect(teacher.locator("#ctl1-state")).to_have_text("Running.")
            await expect(ada.locator("#turn-hint")).not_to_contain_text("paused")
            await expect(ada.locator("#timer")).to_contain_text("left")
            await ada.click("#act-check")
            await expect(ada.locator("#log")).to_contain_text("Washington checks")

            # A headline with an effect the rules offer, from the panel.
            await teacher.fill("#ctl1-headline", "Protests in Washington")
            await teacher.check("#ctl1-fx-pressure_on_washington")
            await teacher.click("#ctl1-inject-custom")
            await expect(ada.locator("#log")).to_contain_text(
                "News from the instructor: Protests in Washington (Pressure on Washington)"
            )
            await expect(teacher.locator("#log")).to_contain_text("ms_li injects a news event.")
            # sent: the headline and its effects are not left ready to be sent twice
            await expect(teacher.locator("#ctl1-headline")).to_have_value("")
            await expect(teacher.locator("#ctl1-fx-pressure_on_washington")).not_to_be_checked()
            await teacher.click("#lang-zh")
            await expect(teacher.locator("#log")).to_contain_text("ms_li 暫停了遊戲。")
            await expect(teacher.locator("#ctl1-pause")).to_have_text("暫停")
            await teacher.click("#lang-en")

            # The end, after a confirmation; the game is over for everyone, as `called`.
            teacher.once("dialog", lambda dialog: dialog.accept())
            await teacher.click("#ctl1-end")
            await expect(ada.locator("#outcome-name")).to_have_text("Ended by the instructor")
        # Ada's browser kept her seat: she replays the game, controls and all.
        await ada.goto(f"{web_url}/?game={code}&as=washington")
        await ada.click("#rp-last")
        log = ada.locator("#rp-log")
        for said in (
            "ms_li paused the game.",
            "ms_li to everyone: Two minutes to decide",
            "ms_li resumed the game.",
            "News from the instructor: Protests in Washington",
            "ms_li ends the game.",
        ):
            await expect(log).to_contain_text(said)
        await expect(ada.locator(".rp-markers .mk-control")).to_have_count(3)
        # (the room waited for its players, then the instructor paused it)
        await expect(ada.locator(".rp-markers .mk-paused")).to_have_count(2)
        await expect(ada.locator("#rp-legend")).to_contain_text("Instructor")
        await ada.screenshot(path=str(shots / "controls-replay.png"))
        assert teacher_errors == [] and ada_errors == []
    finally:
        await teacher_context.close()
        await student_context.close()


async def test_a_seat_given_to_another_student_moves_to_their_browser_by_link(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    await add_instructor(redis_url)
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    teacher_context, teacher, teacher_errors = await new_page(system_chromium)
    ada_context, ada, ada_errors = await new_page(system_chromium)
    cy_context, cy, cy_errors = await new_page(system_chromium)
    try:
        await sign_in(teacher, web_url)
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in await teacher_context.cookies())
        async with (
            BrinkClient(ws_url, "Ms Li", headers={"Cookie": cookie}) as maker,
            BrinkClient(ws_url, "Bo") as bo,
        ):
            room = await maker.create_room("intro", timers=False)
            await ada.goto(f"{web_url}/?room={room.code}")
            await ada.fill("#join-name", "Ada")
            await ada.check("#join-seat-washington")
            await ada.click("#join-btn")
            await bo.join(room.code, "beijing")
            await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
            await teacher.goto(f"{web_url}/?room={room.code}")
            await teacher.click("details.teacher summary")
            await teacher.fill("#join-key", room.instructor_key)
            await teacher.click("#join-btn")
            await teacher.select_option("#ctl1-seat", "washington")
            await teacher.fill("#ctl1-holder", "Cy")
            await teacher.click("#ctl1-reassign")
            link = teacher.locator("#ctl1-link")
            await expect(teacher.locator("#ctl1-handover")).to_contain_text("Send Cy this link")
            url = await link.input_value()
            assert url.startswith(f"{web_url}/?room={room.code}#seat=washington&token=")
            await snap(teacher.locator("#ctl1-handover"), str(shots / "controls-handover.png"))
            # Ada is told and leaves the table; Cy's browser opens the link and sits down.
            await expect(ada.locator("#toast")).to_have_text(
                "The instructor gave your seat to another player."
            )
            await expect(ada.locator("#landing")).to_be_visible()
            await cy.goto(url)
            await expect(cy.locator("#room-badge")).to_have_text(f"Room {room.code} · Washington")
            await expect(cy.locator("#turn-text")).to_contain_text("Your turn")
            assert "token" not in cy.url
            await expect(teacher.locator("#log")).to_contain_text(
                "ms_li gives the seat Washington to Cy."
            )
        assert teacher_errors == [] and ada_errors == [] and cy_errors == []
    finally:
        for context in (teacher_context, ada_context, cy_context):
            await context.close()


async def test_a_student_signed_in_nowhere_sees_no_controls(
    system_chromium: Browser, web_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    context, page, errors = await new_page(system_chromium)
    try:
        async with BrinkClient(ws_url, "Ada") as maker:
            room = await maker.create_room("intro", timers=False)
        await page.goto(f"{web_url}/?room={room.code}")
        await page.click("details.teacher summary")
        await page.fill("#join-key", room.instructor_key)
        await page.click("#join-btn")
        await expect(page.locator("#room-controls")).to_contain_text("Sign in as this room's")
        await expect(page.locator("#room-controls .controls")).to_have_count(0)
        assert errors == []
    finally:
        await context.close()
