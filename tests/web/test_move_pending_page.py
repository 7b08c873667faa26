"""A move sent while the server cannot reach Redis says so, and lands once Redis is back (a real
server on a Redis of the test's own, paused for real with SIGSTOP, two Chromium pages). A tester
froze Redis mid-game and clicked Check: for 12 s the page still said "Your turn", its buttons
live and the badge "connected", as if nothing had been sent. Now, a second without the answer,
the banner says the move is being sent and the server is slow, and the buttons wait; once the
server answers `unavailable`, it says it cannot save moves right now and retries (the same
`cid`: the move is applied once, however often it is sent) until the move is answered."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from faultkit import OwnRedis
from playwright.async_api import Browser, Page, expect
from serverkit import start_server
from web.snap import snap
from web.test_browser import create_room, first_ready, join_room, open_page, page_errors

from server.storage import connect as connecting

SLOW = "The server is slow to answer: your move goes through once it does."
CANNOT = "The server cannot save moves right now; retrying…"
CANNOT_ZH = "伺服器暫時無法儲存行動；正在重試……"
MOVES_BY = """seat => window.brink.state.log.filter((x) => x.event
  && ["checked", "action_submitted"].includes(x.event.type) && x.event.side === seat).length"""


class Table(NamedTuple):
    redis: subprocess.Popen[bytes]
    page: Page
    """The page whose Check is live."""
    other: Page
    seat: str
    """`page`'s seat."""


async def mover(pages: list[Page]) -> tuple[Page, str]:
    """The page whose Check is live now, and its seat."""
    await first_ready(pages)
    for page in pages:
        if await page.locator("#act-check:enabled").count():
            return page, await page.evaluate("window.brink.state.room.seat")
    raise AssertionError("nobody may check")


@asynccontextmanager
async def a_table(browser: Browser, tmp_path: Path) -> AsyncIterator[Table]:
    """Ada and Bo at a table of a server on a Redis of the test's own (SIGCONT and stopped at
    the end, whatever happened)."""
    own = OwnRedis(tmp_path / "redis")
    (tmp_path / "redis").mkdir()
    own.start()
    runner, ws_url = await start_server(own.url, tmp_path, bot_delay=0.05)
    url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    try:
        _, ada = await open_page(browser)
        _, bo = await open_page(browser)
        code = await create_room(ada, url, "Ada")
        await join_room(bo, url, code, "Bo", "beijing")
        page, seat = await mover([ada, bo])
        assert own.process is not None
        yield Table(own.process, page, bo if page is ada else ada, seat)
    finally:
        if own.process is not None:
            own.process.send_signal(signal.SIGCONT)
        await runner.cleanup()
        own.close()


async def test_a_move_sent_while_redis_is_frozen_says_so_and_lands_once_after(
    system_chromium: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shots: Path
) -> None:
    # the server gives up on Redis sooner than its 5 + 10 s (the page's own waits do not change)
    monkeypatch.setattr(connecting, "COMMAND_TIMEOUT", 1.0)
    monkeypatch.setattr(connecting, "WAIT", 0.5)
    async with a_table(system_chromium, tmp_path) as (redis, page, other, seat):
        n = await page.evaluate("window.brink.state.n")
        redis.send_signal(signal.SIGSTOP)
        try:
            await page.click("#act-check")
            hint = page.locator("#turn-hint")
            await expect(page.locator("#turn-text")).to_have_text("Sending your move…")
            await expect(page.locator("#act-check")).to_be_disabled()
            await expect(page.locator("#conn")).to_have_text("connected")
            await expect(hint).to_have_text(CANNOT)  # the server's `unavailable`, retried
            await snap(page.locator("#table"), shots / "move-pending-unavailable.png")
            await page.click("#lang-zh")
            await expect(hint).to_have_text(CANNOT_ZH)
            await page.click("#lang-en")
            await expect(page.locator("#act-check")).to_be_disabled()
            assert await page.evaluate("window.brink.state.n") == n  # nothing landed
        finally:
            redis.send_signal(signal.SIGCONT)
        await page.wait_for_function("n => window.brink.state.n > n", arg=n)
        await expect(page.locator("#turn-text")).not_to_have_text("Sending your move…")
        await expect(hint).not_to_have_text(CANNOT)
        for someone in (page, other):
            await someone.wait_for_function("n => window.brink.state.n > n", arg=n)
            assert await someone.evaluate(MOVES_BY, seat) == 1
        await snap(page.locator("#table"), shots / "move-pending-landed.png")
        assert page_errors(page) == []


async def test_a_slow_answer_says_the_move_is_being_sent(
    system_chromium: Browser, tmp_path: Path
) -> None:
    """Before the server gives up on Redis (its own 5 + 10 s): the page says it is sending."""
    async with a_table(system_chromium, tmp_path) as (redis, page, _, seat):
        n = await page.evaluate("window.brink.state.n")
        redis.send_signal(signal.SIGSTOP)
        try:
            await page.click("#act-check")
            await expect(page.locator("#turn-hint")).to_have_text(SLOW)
            await expect(page.locator("#act-check")).to_be_disabled()
        finally:
            redis.send_signal(signal.SIGCONT)
        await page.wait_for_function("n => window.brink.state.n > n", arg=n)
        await expect(page.locator("#turn-hint")).not_to_have_text(SLOW)
        assert await page.evaluate(MOVES_BY, seat) == 1
