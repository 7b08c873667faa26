""" "Play on from here" refused by the server shows the server's reason: the form said only
"Error 429" when the address had made too many rooms just now (the fork is a new room)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect
from serverkit import start_server
from web.test_browser import open_page, page_errors
from web.test_replay import remember

from client.connection import BrinkClient


@pytest.fixture
async def strict_url(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A server letting one address make one new room a while; bots move at once."""
    runner, ws_url = await start_server(redis_url, tmp_path, rooms_per_address=1, bot_delay=0)
    yield ws_url
    await runner.cleanup()


async def test_a_fork_over_the_limit_on_new_rooms_says_why(
    system_chromium: Browser, strict_url: str
) -> None:
    async with BrinkClient(strict_url, "Prof") as prof:
        made = await prof.create_room("intro", bots={"washington": "hawk", "beijing": "dove"})
        await prof.join(made.code, instructor_key=made.instructor_key)
        await prof.wait_for(lambda view: view["outcome"] is not None, timeout=30)
    web_url = strict_url.replace("ws://", "http://").removesuffix("/ws")
    context, page = await open_page(system_chromium)
    try:
        await remember(page, web_url, [{"code": made.code, "key": made.instructor_key}])
        await page.goto(f"{web_url}/?game={made.code}&as=all&step=3")
        await expect(page.locator("#rp-pos")).to_contain_text("Step 3 of")
        await page.click("#rp-continue-btn")
        await page.click("#fork-go")
        await expect(page.locator("#fork-error")).to_have_text(
            "Too many new rooms from here just now: wait a minute and try again."
        )
        await expect(page.locator("#fork-go")).to_be_enabled()
        # (the browser logs the refused request itself; nothing else went wrong)
        errors = [e for e in page_errors(page) if "status of 429" not in e]
        assert errors == [], errors
    finally:
        await context.close()
