"""A quick-match page that goes offline while queued says so, and once back online it is queued
exactly once: the next player is matched with it, not with a ticket nobody answers. The page
keeps its socket while offline (closed, the close could not reach the server on a real network:
its ticket would stay queued there while the page queued a second one)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, BrowserContext, Page, WebSocketRoute, expect
from redis.asyncio import Redis as AsyncRedis

from client.connection import BrinkClient

QUEUE = "{brink}:queue:intro"


@pytest.fixture
async def mei(system_chromium: Browser) -> AsyncIterator[tuple[BrowserContext, Page]]:
    context = await system_chromium.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    yield context, page
    await context.close()


async def queue_up(page: Page, web_url: str) -> None:
    await page.goto(web_url)
    await page.fill("#quick-name", "Mei")
    await page.select_option("#quick-scenario", "intro")
    await page.click("#quick-btn")
    await page.wait_for_function("() => window.brink.state.screen === 'queued'")


async def matched_together(page: Page, web_url: str) -> None:
    """Tom quick-matches: he and Mei's page sit in one room."""
    tom = BrinkClient(web_url.replace("http://", "ws://") + "/ws", "Tom")
    await tom.connect()
    try:
        joined = await tom.quick_match("intro", timeout=20)
        await page.wait_for_function(
            "code => window.brink.state.room?.code === code", arg=joined.code, timeout=20_000
        )
    finally:
        await tom.close()


async def test_offline_while_queued_is_shown_and_queued_once_after(
    mei: tuple[BrowserContext, Page], web_url: str, redis: AsyncRedis
) -> None:
    context, page = mei
    await queue_up(page, web_url)
    notice = page.locator("#queue-state")
    await expect(notice).to_have_text("")
    await notice.evaluate("e => (e.dataset.kept = 'yes')")
    await context.set_offline(True)
    await expect(notice).to_contain_text("You are offline")
    # told in the live region that was there, as a screen reader hears it
    await expect(notice).to_have_attribute("role", "status")
    await expect(notice).to_have_attribute("data-kept", "yes")
    await expect(page.locator("#conn")).to_have_text("reconnecting…")  # not "connected"
    await context.set_offline(False)
    await expect(notice).to_have_text("")
    await expect(page.locator("#conn")).to_have_text("connected")
    assert await redis.llen(QUEUE) == 1
    await matched_together(page, web_url)
    assert await redis.llen(QUEUE) == 0


async def test_a_socket_whose_close_never_reached_the_server_leaves_no_ghost_ticket(
    mei: tuple[BrowserContext, Page], web_url: str
) -> None:
    """As on a real network: what the page closes while offline, the server never hears of."""
    context, page = mei

    def through(ws: WebSocketRoute) -> None:
        ws.connect_to_server()
        ws.on_close(lambda code, reason: None)  # the page's close is not passed on

    await context.route_web_socket("**/ws*", through)
    await queue_up(page, web_url)
    await context.set_offline(True)
    await expect(page.locator("#queue-state")).to_contain_text("You are offline")
    await context.set_offline(False)
    # queued again (a page that let its socket go queues anew, after 6 s)
    await expect(page.locator("#queue-state")).to_have_text("", timeout=20_000)
    await matched_together(page, web_url)


async def test_cancel_while_about_to_queue_again_stops_it(
    mei: tuple[BrowserContext, Page], web_url: str, redis: AsyncRedis
) -> None:
    """Cancelled in the 6 s before queuing again, then queued anew: the page is not queued a
    second time when the 6 s are up (refused `already_joined`, it fell back to the landing page).
    (The page waits the 6 s only when it cannot name its lost ticket — lost before `queued` told
    it: as here, the ticket forgotten.)"""
    _, page = mei
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(str(frame))))
    await queue_up(page, web_url)
    await page.evaluate("() => { window.brink.state.queueNamed = false; }")
    await page.evaluate("() => { window.dropped = Date.now(); window.brink.drop(); }")
    await page.wait_for_function("() => window.brink.state.wsReady && window.brink.state.queueLost")
    await page.click("#queue-cancel")
    await page.click("#quick-btn")
    await page.wait_for_function("() => window.brink.state.screen === 'queued'")
    await page.wait_for_function("() => Date.now() > window.dropped + 8000", timeout=20_000)
    assert await page.evaluate("() => window.brink.state.screen") == "queued"
    assert sum('"quick_match"' in frame for frame in sent) == 2
    assert await redis.llen(QUEUE) == 1


async def test_a_requeue_lost_on_the_way_queues_again(
    mei: tuple[BrowserContext, Page], web_url: str, redis: AsyncRedis
) -> None:
    """The connection goes while the page queues again (before the answer): the page waits for
    the next connection and queues then, instead of leaving the queue screen."""
    context, page = mei
    asked: list[int] = []
    closing: list[asyncio.Future[None]] = []

    def through(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def from_page(message: str | bytes) -> None:
            if '"quick_match"' in str(message):
                asked.append(1)
                if len(asked) == 2:  # the first queuing again: lost on the way
                    closing.append(asyncio.ensure_future(ws.close()))
                    return
            server.send(message)

        ws.on_message(from_page)

    await context.route_web_socket("**/ws*", through)
    await queue_up(page, web_url)
    await page.evaluate("() => window.brink.drop()")
    await page.wait_for_function("() => window.brink.state.queueLost === null", timeout=20_000)
    await page.wait_for_function("() => window.brink.state.queueLost !== null")
    await expect(page.locator("#queue-state")).to_have_text("", timeout=20_000)
    async with asyncio.timeout(20):  # queued again on the next connection: answered
        while len(asked) < 3:
            await asyncio.sleep(0.05)
    await page.wait_for_function("() => window.brink.state.pending.size === 0")
    assert len(asked) == 3
    assert await page.evaluate("() => window.brink.state.screen") == "queued"
    assert await redis.llen(QUEUE) == 1
    await matched_together(page, web_url)
