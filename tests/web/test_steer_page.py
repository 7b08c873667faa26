"""The web page under `brink serve --workers 2` (server/web/steer.py): a page whose socket was
opened before it knew its room (its code typed on the landing page) is told, as it joins, that
the room lives on the other worker (`joined.elsewhere`), moves there by itself and plays on."""

from __future__ import annotations

import asyncio
from pathlib import Path

from playwright.async_api import Browser, expect
from web.probekit import Frames
from web.test_browser import open_page, page_errors
from workerkit import Served, holders

from client.connection import BrinkClient
from server.engine.commands import Check


async def test_a_page_that_joins_by_a_typed_code_moves_to_the_rooms_worker(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    served = Served(tmp_path, 2, redis_url, {})
    try:
        assert "Brinkmanship is ready" in await served.ready()
        page_url = served.url.replace("ws://", "http://").removesuffix("/ws")
        # Five rooms, each made by Ada on whichever worker she lands on; Bo's page opens its
        # socket first, so it lands on the other worker half the time (all five on Ada's: 1 in 32).
        for _ in range(5):
            await one_room(system_chromium, served, page_url, redis_url, shots)
    finally:
        served.stop()


async def one_room(
    browser: Browser, served: Served, page_url: str, redis_url: str, shots: Path
) -> None:
    ada = BrinkClient(served.url, "Ada")
    await ada.connect()
    context, page = await open_page(browser)
    try:
        code = (await ada.create_room("intro", timers=False)).code
        await ada.join(code, "washington")
        await page.goto(page_url)  # the landing page: its socket names no room
        await page.fill("#join-code", code)
        await page.fill("#join-name", "Bo")
        await page.check("#join-seat-beijing")
        await page.click("#join-btn")
        await page.wait_for_selector("#table:not([hidden])")
        async with asyncio.timeout(15):  # one worker holds the room: the page's socket moved
            while len(await holders(redis_url, code)) != 1:
                await asyncio.sleep(0.05)
        # and the game goes on at the page, which shows Ada's move and plays its own
        before = ada.n
        await ada.act(Check())
        await expect(page.locator("#turn-text")).to_contain_text("Your turn")
        await page.click("#act-check")
        await ada.wait_for(lambda view: ada.n > before + 1)
        await expect(page.locator("#conn")).to_have_text("connected")
        assert page_errors(page) == []
        assert len(await holders(redis_url, code)) == 1
        await page.screenshot(path=shots / "steer-moved-page.png")
    finally:
        await context.close()
        await ada.close()


async def test_the_other_player_never_sees_a_moving_page_away(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    """The page opens its new socket and resumes there before it closes the one it leaves:
    closed first, its seat's last connection went for a moment and Ada's page showed Beijing
    away (a presence `away`, then `here`)."""
    served = Served(tmp_path, 2, redis_url, {})
    try:
        assert "Brinkmanship is ready" in await served.ready()
        page_url = served.url.replace("ws://", "http://").removesuffix("/ws")
        moves = 0
        # Until Bo's page has moved twice: each room, its socket lands on the other worker
        # about half the time. Fewer than two moves in ten rooms failed a CI run (11 in 1024);
        # in twenty, about 1 in 50,000.
        for _ in range(20):
            moves += await watched_room(system_chromium, page_url, redis_url)
            if moves == 2:
                break
        assert moves == 2
    finally:
        served.stop()


async def watched_room(browser: Browser, page_url: str, redis_url: str) -> int:
    """Ada makes a room on her page, Bo joins by its code; 1 if Bo's page moved, else 0."""
    ada_context, ada = await open_page(browser)
    bo_context, bo = await open_page(browser)
    seen, sent = Frames(ada), Frames(bo)
    try:
        await ada.goto(page_url)
        await ada.fill("#create-name", "Ada")
        await ada.uncheck("#create-timers")
        await ada.check("#create-seat-washington")
        await ada.click("#create-btn")
        await ada.wait_for_selector("#lobby:not([hidden]), #table:not([hidden])")
        code = await ada.evaluate("window.brink.state.room.code")
        await bo.goto(page_url)
        await bo.fill("#join-code", code)
        await bo.fill("#join-name", "Bo")
        await bo.check("#join-seat-beijing")
        await bo.click("#join-btn")
        await bo.wait_for_selector("#table:not([hidden])")
        async with asyncio.timeout(15):
            while len(await holders(redis_url, code)) != 1:
                await asyncio.sleep(0.05)
        await sent.settled()
        await expect(bo.locator("#conn")).to_have_text("connected")
        await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
        await ada.click("#act-check")
        await expect(bo.locator("#turn-text")).to_contain_text("Your turn")
        presence = [m for m in seen.received if m.get("type") == "presence"]
        assert [m for m in presence if m["status"] == "away"] == [], presence
        assert page_errors(ada) == [] and page_errors(bo) == []
        return 1 if len(sent.of_type("hello")) > 1 else 0
    finally:
        await ada_context.close()
        await bo_context.close()
