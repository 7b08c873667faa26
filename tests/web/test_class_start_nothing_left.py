"""Start all rooms once nothing is left to start (a real server, Redis and Chromium). A room's
clock starts as soon as both its sides sit down, so in a class whose students had all sat down
every room was being played, the head said so, and yet Start all rooms stayed the dashboard's
highlighted button, as if the teacher still had to press it. It is now a plain button that says
why there is nothing to start (beside it, and when clicked: no request is sent); while a room
waits for its players it is the highlighted one again."""

from __future__ import annotations

from pathlib import Path

from classkit import PASSWORD, add_instructor, signed_in
from playwright.async_api import Browser, Request, expect
from web.probekit import make_class, seated, teacher_page

WHY = (
    "Nothing to start: every room has its players and is under way or over (a room starts by"
    " itself as both its sides sit down)."
)


async def test_start_all_rooms_is_no_longer_suggested_once_every_room_is_played(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDi\n")
    code = made["code"]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    start, why = page.locator("#cl-start"), page.locator("#cl-start-why")
    students = []
    try:
        # nobody has sat down: both rooms wait for their players, Start is what comes next
        await expect(page.locator("article.cl-room")).to_have_count(2)
        await expect(start).to_have_class("primary")
        await expect(start).not_to_have_attribute("aria-disabled", "true")
        await expect(why).to_be_hidden()

        students = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy", "Di")]
        await expect(page.locator("#cl-state")).to_have_text("being played")
        await expect(start).not_to_have_class("primary")
        await expect(start).to_have_attribute("aria-disabled", "true")
        await expect(why).to_have_text(WHY)
        await expect(start).to_have_attribute("aria-describedby", "cl-start-why")
        await page.screenshot(path=str(shots / "class-start-nothing-left.png"))

        asked: list[str] = []

        def note(request: Request) -> None:
            if request.url.endswith("/start"):
                asked.append(request.url)

        page.on("request", note)
        await start.focus()  # (Playwright clicks no aria-disabled button; a person can)
        await page.keyboard.press("Enter")
        await expect(page.locator("#toast")).to_have_text(WHY)
        assert asked == []  # nothing sent: the class is as it was

        await page.click("#lang-zh")
        await expect(why).to_contain_text("沒有要開始的房間")
    finally:
        await page.context.close()
        for student in students:
            await student.close()


async def test_start_all_rooms_comes_back_for_a_latecomer_in_a_class_without_timers(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    # Without timers no room waits for its players (there is no clock), so the latecomer's room,
    # alone on Washington, read as started: Start all rooms stayed hidden, and the bot the guide
    # promises them could not be given from the dashboard.
    await add_instructor(redis_url)
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with await signed_in(ws_url, password=PASSWORD) as teacher:
        body = {"title": "Open period", "scenario": "intro", "mode": "open", "timers": False}
        async with teacher.post("/api/classes", json=body) as r:
            assert r.status == 201, await r.text()
            code = (await r.json())["code"]
    students = [await seated(web_url, code, "Ada")]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    start, cards = page.locator("#cl-start"), page.locator("article.cl-room")
    try:
        await expect(start).to_have_class("primary")  # Ada alone: a bot for Beijing
        await start.click()
        await expect(cards.nth(0)).to_contain_text("bot")
        await expect(start).to_be_hidden()
        students.append(await seated(web_url, code, "Bo"))  # a latecomer, alone in a new room
        await expect(cards).to_have_count(2)
        await expect(start).to_be_visible()
        await expect(start).to_have_class("primary")
        await start.click()
        await expect(cards.nth(1)).to_contain_text("bot")
        await expect(start).to_be_hidden()
    finally:
        await page.context.close()
        for client in students:
            await client.close()
