"""The banner in the talks: the other side's proposal is the player's to answer — until the
player passes, when the banner says it waits for the other side (it said "Your turn" with every
button greyed: a fresh user's probe)."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from serverkit import start_server
from web.test_browser import click_and_wait, python_move, state_n, step
from web.test_web_cid import seat_both

from client.connection import BrinkClient
from client.errors import ServerError
from server.engine.commands import ProposeDeal, TermChoice


async def test_after_passing_with_their_proposal_on_the_table_the_banner_waits(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    script = BrinkClient(ws_url, "Script")
    try:
        _, page, _ = await seat_both(system_chromium, script, web_url)
        for _ in range(100):  # the betting, checked and called, up to the talks
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
        seen = await state_n(page)
        for term in ("magnets_for_chips", "standstill", "tariff_truce"):  # one on offer now
            try:
                await script.act(ProposeDeal(terms=[TermChoice(term=term)], rounds=1))
                break
            except ServerError as error:
                if error.code != "term_not_available":
                    raise
        await page.wait_for_function("n => window.brink.state.n > n", arg=seen)
        banner = page.locator("#banner")
        await expect(banner).to_contain_text("Your turn")  # theirs on the table: to answer
        await expect(banner).to_contain_text("accept, reject, counter or pass")
        await click_and_wait(page, "#act-pass:enabled")
        await expect(banner).to_contain_text("Waiting for Washington")
        await expect(banner).not_to_contain_text("Your turn")
        await expect(page.locator("#act-accept")).to_be_disabled()
    finally:
        await script.close()
        await runner.cleanup()
