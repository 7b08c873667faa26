"""The instructor's Controls say why the system paused a room whose player left in the middle of
the game (`no_seat`: the clock waits for someone to take the seat), rather than "nobody is at
the table" — the other side is there. A real server, Redis and Chromium; the players are Python
clients."""

from __future__ import annotations

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.probekit import teacher_page

from client.connection import BrinkClient
from server.engine.commands import Check


async def test_the_controls_say_the_clock_waits_for_the_seat_left(
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
            room = await maker.create_room("intro", timers=True)
            await ada.join(room.code, "washington")
            await bo.join(room.code, "beijing")
            await ada.wait_for(lambda view: view["to_act"] == "washington")
            await ada.act(Check())
            await teacher.goto(f"{web_url}/?room={room.code}")
            await teacher.click("details.teacher summary")
            await teacher.fill("#join-key", room.instructor_key)
            await teacher.click("#join-btn")
            await expect(teacher.locator("#ctl1-state")).to_contain_text("Running.")
            await bo.leave()
            await expect(teacher.locator("#ctl1-state")).to_contain_text(
                "Beijing's player left; the clock waits until someone takes the seat"
            )
    finally:
        await context.close()
