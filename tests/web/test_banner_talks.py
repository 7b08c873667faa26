"""The banner in the talks: the other side's proposal is the player's to answer — until the
player passes, when the banner says it waits for the other side (it said "Your turn" with every
button greyed: a fresh user's probe). A side that has passed is sent no options (the game no
longer waits for it), yet the engine lets it still answer or propose: the page says so and lets
it (every control greyed without a reason, it offered nothing)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from clientkit import propose_any
from playwright.async_api import Browser, Page, expect
from serverkit import start_server
from web.test_browser import click_and_wait, python_move, state_n, step
from web.test_web_cid import seat_both

from client.connection import BrinkClient


async def to_the_talks(page: Page, script: BrinkClient) -> None:
    """The betting, checked and called by both, up to the talks."""
    for _ in range(100):
        if await page.evaluate("window.brink.state.view.phase_kind") == "talks":
            break
        command = await python_move(script)
        if command is not None and script.view["phase_kind"] == "betting":
            seen = await state_n(page)
            await script.act(command)
            await page.wait_for_function("n => window.brink.state.n > n", arg=seen)
        else:
            await step(page)
    assert await page.evaluate("window.brink.state.view.phase_kind") == "talks"


@contextlib.asynccontextmanager
async def at_the_talks(
    browser: Browser, redis_url: str, tmp_path: Path
) -> AsyncIterator[tuple[BrinkClient, Page]]:
    """A game with Beijing's page and Washington's script, played to the talks."""
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    script = BrinkClient(ws_url, "Script")
    try:
        _, page, _ = await seat_both(browser, script, web_url)
        await to_the_talks(page, script)
        yield script, page
    finally:
        await script.close()
        await runner.cleanup()


async def test_after_passing_with_their_proposal_on_the_table_the_banner_waits(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    async with at_the_talks(system_chromium, redis_url, tmp_path) as (script, page):
        seen = await state_n(page)
        await propose_any(script)
        await page.wait_for_function("n => window.brink.state.n > n", arg=seen)
        banner = page.locator("#banner")
        await expect(banner).to_contain_text("Your turn")  # theirs on the table: to answer
        await expect(banner).to_contain_text("accept, reject, counter or pass")
        await click_and_wait(page, "#act-pass:enabled")
        await expect(banner).to_contain_text("Waiting for Washington")
        await expect(banner).not_to_contain_text("Your turn")
        await expect(page.locator("#turn-hint")).to_have_text(
            "You passed; the talks end when Washington passes too. "
            "Until then you may still answer their proposal: Accept · Reject · Counter-propose."
        )
        await expect(page.locator("#act-pass-reason")).to_have_text(
            "Why not: You have passed; wait for the other side."
        )
        # as the engine allows: accepting after passing strikes the deal
        await click_and_wait(page, "#act-accept:enabled")
        await script.wait_for(lambda v: len(v["deals"]) == 1)
        assert page.errors == []  # type: ignore[attr-defined]


async def test_a_side_that_passed_with_nothing_on_the_table_may_still_propose(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    async with at_the_talks(system_chromium, redis_url, tmp_path) as (script, page):
        # a term on offer now, as the server's options say while the game waits for Beijing
        terms = await page.evaluate("window.brink.state.options.beijing.terms")
        term = next(term for term, refused in terms.items() if refused is None)
        await click_and_wait(page, "#act-pass:enabled")
        assert await page.evaluate("window.brink.state.options") is None
        await expect(page.locator("#turn-text")).to_have_text("Waiting for Washington…")
        await expect(page.locator("#turn-hint")).to_have_text(
            "You passed; the talks end when Washington passes too. "
            "Until then you may still propose a deal: that opens the talks again."
        )
        await expect(page.locator("#act-pass")).to_be_disabled()
        await page.check(f"#term-{term}")
        await click_and_wait(page, "#propose-btn:enabled")
        proposed = await script.wait_for(lambda v: v["proposal"] is not None)
        assert proposed["proposal"]["side"] == "beijing" and proposed["passed"] == []
        await expect(page.locator("#turn-text")).to_contain_text("Waiting for Washington")
        await expect(page.locator("#turn-hint")).to_contain_text("considering your proposal")
        assert page.errors == []  # type: ignore[attr-defined]
