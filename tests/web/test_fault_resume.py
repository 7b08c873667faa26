"""The web page under faults of the server's Redis, in a real browser: a page that lost its
connection while Redis was away is refused its resume (`unavailable`), says it is still
reconnecting, and asks again until it is back in its seat."""

from __future__ import annotations

import asyncio
from pathlib import Path

from faultkit import OwnRedis
from playwright.async_api import Browser, expect
from serverkit import start_server
from web.probekit import Frames
from web.test_browser import join_room, open_page, page_errors, state_n

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check


async def test_a_page_whose_resume_is_refused_while_redis_is_away_asks_again(
    system_chromium: Browser, tmp_path: Path
) -> None:
    data = tmp_path / "redis"
    data.mkdir()
    own = OwnRedis(data)
    own.start()
    runner, ws_url = await start_server(own.url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    try:
        async with BrinkClient(ws_url, "Ada") as ada:
            room = await ada.create_room("intro", timers=False)
            await ada.join(room.code, "washington")
            _, page = await open_page(system_chromium)
            frames = Frames(page)
            await join_room(page, web_url, room.code, "Bo", "beijing")
            own.stop()
            await page.evaluate("() => window.brink.drop()")
            async with asyncio.timeout(15):  # the page came back and asked for its seat
                while not any(e["code"] == "unavailable" for e in frames.errors()):
                    await asyncio.sleep(0.05)
            await expect(page.locator(".away-note")).to_contain_text("Your seat is kept")
            await expect(page.locator("#act-check")).to_be_disabled()
            own.start()
            before = await state_n(page)
            async with asyncio.timeout(15):  # Washington moves once the server has Redis again
                while True:
                    try:
                        await ada.act(Check())
                        break
                    except ServerError as error:
                        assert error.code == "unavailable", error
                        await asyncio.sleep(0.2)
            # Bo's page is back in the room: it has Washington's move, and its turn
            await page.wait_for_function("n => window.brink.state.n > n", arg=before)
            await expect(page.locator("#conn")).to_have_text("connected")
            await expect(page.locator(".away-note")).to_have_count(0)
            await expect(page.locator("#act-check")).to_be_enabled()
            assert not page_errors(page)
    finally:
        await runner.cleanup()
        own.close()
