"""The lobby counts a side as seated when one of its team roles is taken, as the server does
when it starts the game (it waited for the side's own seat: a fresh user's probe found a player
in a classroom room told "Waiting for Washington to join…" with Washington's president seated)."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from serverkit import start_server
from web.test_browser import open_page

from client.connection import BrinkClient


async def test_a_lobby_moves_to_the_table_when_the_other_side_sits_down_by_a_role(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    try:
        _, page = await open_page(system_chromium)
        await page.goto(web_url)
        await page.fill("#create-name", "Bo")
        await page.select_option("#create-scenario", "classroom")
        await page.uncheck("#create-timers")
        await page.check("#create-seat-beijing")
        await page.click("#create-btn")
        await expect(page.locator("#lobby")).to_be_visible()
        await expect(page.locator("#lobby .waiting")).to_contain_text("Washington")
        code = await page.evaluate("window.brink.state.room.code")
        async with BrinkClient(ws_url, "Ada") as president:
            await president.join(code, "washington:president")
            # Washington is seated by its president: the lobby goes to the table by itself.
            await expect(page.locator("#table")).to_be_visible()
            await expect(page.locator("#lobby")).to_be_hidden()
        assert not page.errors  # type: ignore[attr-defined]
    finally:
        await runner.cleanup()
