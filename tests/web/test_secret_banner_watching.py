"""Watching simultaneous betting (classroom: both sides choose in secret), the banner says whom
the table waits for once one side has chosen; it said "Both sides choose in secret" until both
had. A real server, Redis and Chromium; the players are Python clients."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import open_page

from client.connection import BrinkClient
from server.engine.commands import Check


async def test_a_spectator_is_told_which_side_still_chooses(
    system_chromium: Browser, web_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada, BrinkClient(ws_url, "Bo") as bo:
        room = await ada.create_room("classroom", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await bo.wait_for(lambda view: view["phase_kind"] == "betting")
        _, sam = await open_page(system_chromium)
        await sam.goto(f"{web_url}/?room={room.code}")
        await sam.fill("#join-name", "Sam")
        await sam.check("#join-seat-spectator")
        await sam.click("#join-btn")
        await expect(sam.locator("#turn-text")).to_have_text("Both sides choose in secret")
        await bo.act(Check())
        await expect(sam.locator("#turn-text")).to_have_text("Waiting for Washington…")
