"""A quick-match page whose connection is lost while queued, once it knows its queueing's ticket,
queues again as soon as it is connected again, naming that ticket (`replaces`, protocol §17): the
server takes it out of the queue first (or hands the page its match), so the page cannot be
matched with its own ticket. It waited 6 s after the loss all the same — a wait meant for a loss
before `queued` came back, when the ticket is not known, which still waits."""

from __future__ import annotations

import asyncio
import json

from playwright.async_api import Browser, expect
from redis.asyncio import Redis as AsyncRedis
from web.probekit import Frames
from web.test_browser import open_page, page_errors

from client.connection import BrinkClient

QUEUE = "{brink}:queue:intro"


async def test_a_page_that_knows_its_ticket_queues_again_at_once(
    system_chromium: Browser, web_url: str, redis: AsyncRedis
) -> None:
    _, mei = await open_page(system_chromium)
    frames = Frames(mei)
    await mei.goto(web_url)
    await mei.fill("#quick-name", "Mei")
    await mei.click("#quick-btn")
    await mei.wait_for_function("() => !!window.brink.state.quick?.replaces")  # told its ticket
    [lost] = await redis.lrange(QUEUE, 0, -1)
    loop = asyncio.get_running_loop()
    lost_at = loop.time()
    await mei.evaluate("() => window.brink.drop()")
    async with asyncio.timeout(20):  # queued again, on a new connection, and answered
        while len(frames.of_type("quick_match")) < 2 or not frames.answered():
            await asyncio.sleep(0.02)
    took = loop.time() - lost_at
    assert took < 3, f"queued again {took:.1f} s after the loss"
    assert json.loads(lost)["ticket"] == frames.of_type("quick_match")[1].get("replaces")
    assert await redis.llen(QUEUE) == 1
    async with BrinkClient(web_url.replace("http://", "ws://") + "/ws", "Tom") as tom:
        joined = await tom.quick_match("intro")
        await expect(mei.locator("#table")).to_be_visible()
        assert await mei.evaluate("() => window.brink.state.room.code") == joined.code
    assert not [e for e in page_errors(mei) if "WebSocket" not in e]
