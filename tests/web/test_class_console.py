"""A class in the browser (a real server, Redis and Chromium): an instructor signs in and makes
a class of six from a roster (three rooms); the join page shows the code, link and QR code and
fills in as students arrive; six students join from their own browsers by the class code; the
dashboard shows all three rooms; the instructor moves a student, whose page follows."""

from __future__ import annotations

import asyncio
from pathlib import Path

from classkit import PASSWORD, add_instructor
from playwright.async_api import Browser, BrowserContext, Page, expect

ROSTER = ["Ada Lovelace", "Bo Li", "Cy Chen", "Dee Wu", "Ed Ma", "Fay Ho"]
LAPTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
# controls.js (another part of the console) may not be there yet: its absence is not an error
IGNORED = ("controls.js", "404 (Not Found)")


async def open_page(
    browser: Browser, viewport: dict[str, int] = LAPTOP
) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    return context, tracked(await context.new_page())


def tracked(page: Page) -> Page:
    """Keep the page's script errors and console errors (page_errors)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: print("BAD", r.status, r.url) if r.status >= 400 else None)
    page.errors = errors  # type: ignore[attr-defined]
    return page


def page_errors(page: Page) -> list[str]:
    found: list[str] = page.errors  # type: ignore[attr-defined]
    return [e for e in found if not any(i in e for i in IGNORED)]


async def sign_in(page: Page, base: str) -> None:
    await page.goto(base + "/?instructor=1")
    await page.fill("#in-name", "ms_li")
    await page.fill("#in-password", PASSWORD)
    await page.click("#sign-in")
    await expect(page.locator("#signed-in-as")).to_be_visible()
    page.errors.clear()  # type: ignore[attr-defined]  # "who am I?" before signing in: 401


async def student_joins(
    browser: Browser, base: str, code: str, typed: str, shots: Path | None = None
) -> Page:
    """A student opens the server's address, types the class code and their name."""
    _, page = await open_page(browser, PHONE)
    await page.goto(base + "/")
    await page.fill("#class-card-code", code.lower())
    if shots is not None:
        await page.screenshot(path=str(shots / "class-landing-phone.png"))
    await page.click("#class-card-go")
    await expect(page.locator("#class-join-h")).to_have_text("Period 3: the 2025 trade war")
    await page.fill("#class-name", typed)
    if shots is not None:
        await page.screenshot(path=str(shots / "class-join-phone.png"))
    await page.click("#class-join-btn")
    await expect(page.locator("#room-badge")).to_be_visible(timeout=15_000)
    assert await page.evaluate("window.brink.state.room.role") == "player"
    return page


async def test_a_class_of_six_is_made_joined_watched_and_a_student_moved(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    await add_instructor(redis_url)
    contexts: list[BrowserContext] = []
    teacher_context, teacher = await open_page(system_chromium)
    contexts.append(teacher_context)
    try:
        await sign_in(teacher, web_url)
        await teacher.click("#cl-new")
        await teacher.fill("#cs-title", "Period 3: the 2025 trade war")
        await teacher.select_option("#cs-scenario", "intro")
        await teacher.fill("#cs-roster", "\n".join(ROSTER))
        await teacher.uncheck("#cs-shuffle")
        await expect(teacher.locator("#cs-count")).to_have_text("6 students: 3 rooms")
        await expect(teacher.locator("#cs-minutes")).to_contain_text("minutes")
        await teacher.fill("#cs-save-as", "Period 3")
        await teacher.screenshot(path=str(shots / "class-setup.png"), full_page=True)
        await teacher.click("#cs-create")
        await expect(teacher.locator(".cl-room")).to_have_count(3)
        code = (await teacher.locator("#cl-code").inner_text()).strip()
        await expect(teacher.locator("#cl-joined")).to_have_text("0 of 6 joined")

        # the projectable join page, in a second tab
        board = tracked(await teacher_context.new_page())
        await board.goto(f"{web_url}/?instructor=1&project={code}")
        await expect(board.locator("#jp-code")).to_have_text(code)
        await expect(board.locator("#jp-link")).to_contain_text(f"/?class={code}")
        await expect(board.locator("#jp-qr svg")).to_be_visible()

        students: list[Page] = []
        typed = ["  ada LOVELACE", "Bo Li", "cy chen", "Dee Wu", "Ed  Ma", "FAY HO"]
        for name, spelt in zip(ROSTER, typed, strict=True):
            first = shots if name == ROSTER[0] else None
            page = await student_joins(system_chromium, web_url, code, spelt, first)
            contexts.append(page.context)
            students.append(page)
            if name == "Cy Chen":
                await expect(board.locator(".jp-name")).to_have_count(3)
                await board.screenshot(path=str(shots / "class-join-page.png"))
        await expect(board.locator("#jp-count")).to_have_text("6 of 6 joined")

        # the dashboard: three rooms, every seat's student connected
        await expect(teacher.locator("#cl-joined")).to_have_text("6 of 6 joined")
        await expect(teacher.locator(".cl-seat .dot.here")).to_have_count(6, timeout=15_000)
        for name in ROSTER:
            await expect(teacher.locator("#cl-rooms")).to_contain_text(name)
        await teacher.screenshot(path=str(shots / "class-dashboard.png"), full_page=True)
        # the controls fold away; opened, the class's panel steers every room (controls.js)
        await teacher.click("#ctl-class summary")
        await expect(teacher.locator("#class-controls .controls")).to_be_visible()
        await teacher.screenshot(path=str(shots / "class-dashboard-controls.png"))
        await teacher.click("#ctl-class summary")
        await teacher.click("#lang-zh")
        await expect(teacher.locator("#cl-joined")).to_have_text("已加入 6 / 6")
        await teacher.screenshot(path=str(shots / "class-dashboard-zh.png"))
        await teacher.click("#lang-en")

        # Ada (room 1, Washington) and Fay (room 3, Beijing) swap seats; Ada's page follows
        ada, fay = students[0], students[5]
        ada_room = await ada.evaluate("window.brink.state.room.code")
        fay_room = await fay.evaluate("window.brink.state.room.code")
        assert ada_room != fay_room
        await teacher.click("#student-s1 button:has-text('Move')")
        await teacher.select_option("#cl-move-to", f"{fay_room}|beijing")
        await teacher.screenshot(path=str(shots / "class-move.png"))
        await teacher.click("#cl-move-go")
        await ada.wait_for_function("r => window.brink.state.room.code === r", arg=fay_room)
        await fay.wait_for_function("r => window.brink.state.room.code === r", arg=ada_room)
        await expect(ada.locator("#room-badge")).to_contain_text(fay_room)
        await expect(ada.locator("#room-badge")).to_contain_text("Beijing")
        assert await ada.evaluate("window.brink.state.room.seat") == "beijing"
        await ada.screenshot(path=str(shots / "class-student-moved.png"))
        await expect(teacher.locator(f"#room-card-{fay_room}")).to_contain_text("Ada Lovelace")

        # a reload keeps the student in their (new) seat
        await ada.reload()
        await ada.wait_for_function(
            "r => window.brink.state.room?.code === r && window.brink.state.view",
            arg=fay_room,
        )
        assert await ada.evaluate("window.brink.state.room.seat") == "beijing"

        # the room's owner opens it all-seeing, without its key
        watch = tracked(await teacher_context.new_page())
        await watch.goto(f"{web_url}/?room={ada_room}&as=owner")
        await watch.wait_for_function(
            "() => window.brink.state.room?.role === 'instructor' && window.brink.state.view"
        )
        await watch.screenshot(path=str(shots / "class-room-all-seeing.png"))

        for page in [teacher, board, *students, watch]:
            assert page_errors(page) == [], (page.url, page_errors(page))

        # a student's browser holds no key to the class: its endpoints refuse it
        refused = await ada.evaluate("c => fetch(`/api/classes/${c}`).then(r => r.status)", code)
        assert refused == 401

    finally:
        await asyncio.gather(*(c.close() for c in contexts))
