"""The web client's moves and chat lines carry a `cid` (applied at most once, docs/protocol.md
§10); and when the room's log turns out shorter than the page saw (`bad_since`) or damaged
(`broken_log`), the page starts again from the log's beginning, or says so."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, expect
from serverkit import start_server
from web.test_browser import join_room, open_page, page_errors, python_move, state_n, step

from client.connection import BrinkClient
from server.live.hub import Hub
from server.protocol import Entry
from server.storage import keys
from server.web.appkeys import HUB


async def released(hub: Hub, code: str) -> None:
    for _ in range(300):
        if code not in hub.rooms:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{code} was not released")


async def seat_both(
    browser: Browser, script: BrinkClient, web_url: str
) -> tuple[BrowserContext, Page, str]:
    """Seat `script` as Washington in a new intro room without timers, and a page as Beijing
    (named Li); return the page's context, the page and the room's code."""
    await script.connect()
    created = await script.create_room("intro", timers=False)
    await script.join(created.code, "washington")
    context, page = await open_page(browser)
    await join_room(page, web_url, created.code, "Li", "beijing")
    return context, page, created.code


async def test_browser_moves_and_chat_carry_a_cid_and_a_damaged_room_is_said_so(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    hub, web_url = runner.app[HUB], ws_url.replace("ws://", "http://").removesuffix("/ws")
    script = BrinkClient(ws_url, "Script")
    try:
        context, page, code = await seat_both(system_chromium, script, web_url)
        moved = 0
        for _ in range(100):
            command = await python_move(script)
            if command is not None:
                seen = await state_n(page)
                await script.act(command)
                await page.wait_for_function("n => window.brink.state.n > n", arg=seen)
            elif await step(page):
                moved += 1
                if moved == 2:
                    break
        assert moved == 2, "the browser made no two moves"
        await page.fill("#chat-text", "hello from the browser")
        await page.press("#chat-text", "Enter")
        await expect(page.locator("#log .chat")).to_contain_text("Li: hello from the browser")
        logged = [Entry.model_validate_json(t) for t in await hub.store.entries_since(code, 0)]
        said = [e.command or e.chat for e in logged if (e.command or e.chat)]
        cids = [line.cid for line in said if line is not None and line.seat == "beijing"]
        assert len(cids) == 3, said
        assert all(cid is not None and re.fullmatch("[0-9a-f]{16}", cid) for cid in cids), cids
        assert len(set(cids)) == 3

        # Both leave; the last commit is lost and n set back (as a Redis that lost a write).
        await script.close()
        await context.set_offline(True)
        await page.evaluate("window.brink.drop()")
        await released(hub, code)
        log = keys.room(code, "log")
        commits = await hub.redis.xrange(log)
        assert commits
        await hub.redis.xdel(log, str(commits[-1][0]))
        kept = int(next(iter(commits[-2][1] or {})))
        await hub.redis.hset(keys.room(code), "n", kept)
        # The page saw further than the log now goes (bad_since): it starts again from 0.
        await context.set_offline(False)
        await page.wait_for_function("n => window.brink.state.n === n", arg=kept, timeout=15_000)
        await expect(page.locator("#conn")).to_have_text("connected")
        # Its next commit finds the log damaged (broken_log), and so does a reload.
        await page.fill("#chat-text", "anyone?")
        await page.press("#chat-text", "Enter")
        await expect(page.locator("#toast")).to_contain_text("damaged")
        await page.reload()
        await expect(page.locator("#landing")).to_be_visible()
        await expect(page.locator("#toast")).to_contain_text("the game cannot go on")
        # (The landing page's look-up of the room, GET /api/rooms/CODE, is 409 broken_log.)
        expected = ("ERR_INTERNET_DISCONNECTED", "status of 409")
        problems = [e for e in page_errors(page) if not any(x in e for x in expected)]
        assert problems == []
    finally:
        await script.close()
        await runner.cleanup()
