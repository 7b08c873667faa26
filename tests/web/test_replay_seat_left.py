"""An instructor replaying a game sees that a seat was given up: Ada left Washington's seat in the
middle of the game and Cy took it. The replay named Cy alone ("Cy (Washington)") and its log had
no line for the leave (the other side's page alone had said so, while it was open)."""

from __future__ import annotations

import json

from playwright.async_api import Browser, expect
from replaykit import quiet_moves

from client.connection import BrinkClient


async def test_the_replay_names_who_left_a_seat_and_says_when(
    web_url: str, system_chromium: Browser
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with (
        BrinkClient(ws_url, "Ada") as ada,
        BrinkClient(ws_url, "Bo") as bo,
        BrinkClient(ws_url, "Cy") as cy,
    ):
        room = await ada.create_room("intro", seconds={"betting": 60, "talks": 60})
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await ada.wait_for(lambda _: ada.deadline is not None)
        await quiet_moves((ada, bo), 2)
        await ada.leave()
        await cy.join(room.code, "washington")
        await bo.wait_for(
            lambda _: any(e.notice and e.notice.kind == "resumed" for e in bo.entries[-3:])
        )
    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        await page.goto(web_url)
        await page.evaluate("() => localStorage.setItem('brink.lang', 'en')")
        kept = json.dumps([{"code": room.code, "key": room.instructor_key}])
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        await page.goto(f"{web_url}/?game={room.code}&as=all")
        await expect(page.locator("#rp-players")).to_have_text(
            "Ada → Cy (Washington) · Bo (Beijing)"
        )
        marker = page.locator(".rp-track .mk-left")
        await expect(marker).to_have_count(1)
        await expect(page.locator("#rp-legend")).to_contain_text("A player left")
        await marker.click()
        await expect(page.locator("#rp-log li").last).to_have_text(
            "Ada (Washington) has left the table: the seat is free."
        )
        assert errors == []
    finally:
        await context.close()
