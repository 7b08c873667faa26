"""The name an instructor types in Controls to give a seat to (a real server, Redis and
Chromium) is cleaned on the page as the front page cleans a player's name (name-tidy.js): a name
pasted with a direction mark or a control character in it was sent as typed, and the server
refused it (bad_name) or kept stray spaces; now the field shows it cleaned and the seat is given."""

from __future__ import annotations

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.probekit import teacher_page

from client.connection import BrinkClient


async def test_a_seat_given_to_a_name_pasted_with_hidden_characters_goes_to_it_cleaned(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    await add_instructor(redis_url)
    teacher = await teacher_page(system_chromium, web_url)
    context = teacher.context
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in await context.cookies())
    try:
        async with (
            BrinkClient(ws_url, "Ms Li", headers={"Cookie": cookie}) as maker,
            BrinkClient(ws_url, "Ada") as ada,
            BrinkClient(ws_url, "Bo") as bo,
        ):
            room = await maker.create_room("intro", timers=False)
            await ada.join(room.code, "washington")
            await bo.join(room.code, "beijing")
            await teacher.goto(f"{web_url}/?room={room.code}")
            await teacher.click("details.teacher summary")
            await teacher.fill("#join-key", room.instructor_key)
            await teacher.click("#join-btn")
            await teacher.select_option("#ctl1-seat", "washington")
            await teacher.fill("#ctl1-holder", "  Cy\u202e   Lee\u0007 ")
            await teacher.click("#ctl1-reassign")
            await expect(teacher.locator("#ctl1-handover")).to_contain_text("Send Cy Lee this link")
            await expect(teacher.locator("#ctl1-holder")).to_have_value("Cy Lee")
            await expect(teacher.locator("#log")).to_contain_text("the seat Washington to Cy Lee.")

            # a name that shows nothing (a zero-width space) gives the seat to "player"
            await teacher.fill("#ctl1-holder", "\u200b")
            await teacher.click("#ctl1-reassign")
            await expect(teacher.locator("#ctl1-handover")).to_contain_text("Send player this link")
    finally:
        await context.close()
