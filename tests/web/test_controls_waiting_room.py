"""The controls of a room still waiting for its players (a real server, Redis and Chromium):
Pause was offered (and refused), its refusal shown at the panel's foot after "End the game",
where it is not seen; and a "Done." stayed on the panel long after the click it answered."""

from __future__ import annotations

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.test_controls_browser import new_page, sign_in

from client.connection import BrinkClient


async def test_a_waiting_room_offers_no_pause_and_says_things_at_the_top(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    context, teacher, _ = await new_page(system_chromium)
    try:
        await sign_in(teacher, web_url)
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in await context.cookies())
        async with BrinkClient(ws_url, "Ms Li", headers={"Cookie": cookie}) as maker:
            room = await maker.create_room("intro")
            await teacher.goto(f"{web_url}/?room={room.code}")
            await teacher.click("details.teacher summary")
            await teacher.fill("#join-key", room.instructor_key)
            await teacher.click("#join-btn")
            await expect(teacher.locator("#room-controls .controls")).to_be_visible()
            await expect(teacher.locator("#ctl1-state")).to_contain_text("aiting")
            await expect(teacher.locator("#ctl1-pause")).to_be_disabled()
            # what a click did (here, why it was refused) is said under the room's state,
            # before the controls: not at the panel's foot, after End the game
            await teacher.click("#ctl1-more30")
            status = teacher.locator("#ctl1-status")
            await expect(status).to_contain_text("The game has not started")
            above = await teacher.evaluate(
                """() => {
                  const status = document.querySelector('#ctl1-status');
                  const end = document.querySelector('#ctl1-end');
                  return !!(status.compareDocumentPosition(end) & Node.DOCUMENT_POSITION_FOLLOWING);
                }"""
            )
            assert above, "the panel's answer comes after End the game"
            # the players sit down: the room runs, Pause is offered; a "Done." goes after a while
            async with BrinkClient(ws_url, "Ada") as ada, BrinkClient(ws_url, "Bo") as bo:
                await ada.join(room.code, "washington")
                await bo.join(room.code, "beijing")
                await expect(teacher.locator("#ctl1-state")).to_have_text("Running.")
                await expect(teacher.locator("#ctl1-pause")).to_be_enabled()
                await teacher.click("#ctl1-more30")
                await expect(status).to_contain_text("Done.")
                await expect(status).to_be_hidden(timeout=10_000)
    finally:
        await context.close()
