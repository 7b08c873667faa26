"""When the instructor gives the other side's seat to someone else, the table says so until they
sit down ("The instructor gave Beijing's seat to Dana, who has not sat down yet."); it said
"Beijing has lost the connection; the seat is kept for them", which was no longer true. A real
server, Redis and Chromium; the instructor and Beijing's players are Python clients."""

from __future__ import annotations

from controlkit import control, teacher_headers
from playwright.async_api import Browser, expect
from web.test_browser import open_page

from client.connection import BrinkClient


async def test_the_table_names_whom_a_seat_was_given_to(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    headers = await teacher_headers(ws_url, redis_url)
    async with (
        BrinkClient(ws_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(ws_url, "Cy") as cy,
        BrinkClient(ws_url, "Dana") as dana,
    ):
        room = await teacher.create_room("intro", timers=False)
        await cy.join(room.code, "beijing")
        _, ada = await open_page(system_chromium)
        await ada.goto(f"{web_url}/?room={room.code}")
        await ada.fill("#join-name", "Ada")
        await ada.check("#join-seat-washington")
        await ada.click("#join-btn")
        await expect(ada.locator("#table")).to_be_visible()
        done = await control(teacher, "reassign", room.code, seat="beijing", name="Dana")
        note = ada.locator("#given-note")
        await expect(note).to_have_text(
            "The instructor gave Beijing's seat to Dana, who has not sat down yet."
        )
        await expect(ada.locator(".away-note")).not_to_contain_text("lost the connection")
        await dana.resume(room.code, done.results[0].token or "")
        await expect(note).to_have_count(0)
