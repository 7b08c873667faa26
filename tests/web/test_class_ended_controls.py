"""The dashboard's Controls once a room's game is over, and once the class has ended (a real
server, Redis and Chromium): they were still offered — pause, news, more time, … — and every
click was refused (`game_over`). A room that is over now offers none on its card (the others
keep theirs), an ended class none at all (nor *Controls for every room*), and the room opened
all-seeing once its game is over none either."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from classkit import session_cookie, signed_in
from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page

from client.connection import BrinkClient


async def test_an_ended_class_and_a_finished_room_offer_no_controls(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n", timers=False
    )
    code, (first, second) = made["code"], made["rooms"]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        # every room has its players (no timers: no clock to start): nothing to start
        await expect(page.locator("#cl-start")).to_have_attribute("aria-disabled", "true")
        for room in (first, second):
            await expect(page.locator(f"#ctl-{room}")).to_be_visible()
        await expect(page.locator("#ctl-class")).to_be_visible()

        # the first room's game is ended from its own controls: they go, the second's stay
        page.on("dialog", lambda dialog: dialog.accept())
        await page.click(f"#ctl-{first} summary")
        await page.locator(f"#controls-{first} button:has-text('End the game')").click()
        await expect(page.locator(f"#room-card-{first}")).to_contain_text("Game over.")
        await expect(page.locator(f"#ctl-{first}")).to_have_count(0)
        await expect(page.locator(f"#room-card-{first} .controls")).to_have_count(0)
        await expect(page.locator(f"#ctl-{second}")).to_be_visible()
        await expect(page.locator("#ctl-class")).to_be_visible()

        # the room that is over, opened all-seeing: no controls there either
        async with page.context.expect_page() as opened:
            await page.click(f"#open-{first}")
        table = await opened.value
        await table.wait_for_function("() => window.brink?.state.view?.outcome")
        await expect(table.locator("#room-controls")).to_be_hidden()
        await expect(table.locator("#room-controls .controls")).to_have_count(0)
        await table.close()

        # the class ends (from another tab): the open dashboard offers no controls at all
        await page.click(f"#ctl-{second} summary")
        await page.click("#ctl-class summary")
        await expect(page.locator("#class-controls button:has-text('Pause')")).to_be_visible()
        ws_url = web_url.replace("http://", "ws://") + "/ws"
        async with (
            await signed_in(ws_url) as teacher,
            BrinkClient(ws_url, "Ms Li", headers={"Cookie": session_cookie(teacher)}) as li,
        ):
            await li.control("end", class_=code)
        await expect(page.locator("#cl-state")).to_have_text("ended")
        await expect(page.locator("details.cl-ctl")).to_have_count(0)
        await expect(page.locator(".controls")).to_have_count(0)
        await expect(page.locator("button:has-text('Pause')")).to_have_count(0)
        await expect(page.locator(f"#room-card-{second}")).to_contain_text("Game over.")
        await page.screenshot(path=str(shots / "class-ended-no-controls.png"), full_page=True)

        # and so it is drawn afresh (a reload)
        await page.reload()
        await expect(page.locator("#cl-state")).to_have_text("ended")
        await expect(page.locator(f"#room-card-{second}")).to_contain_text("Game over.")
        await expect(page.locator("details.cl-ctl")).to_have_count(0)
    finally:
        await page.context.close()
