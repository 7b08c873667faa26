"""The replay viewer's analysis in a real browser, against a real server on a real Redis: the
words-and-deeds ledger, the evaluation graph, the historical 2025 line's notes, "continue from
here" (a live room from a step of a finished game) and making a game public. The games are
played with the Python client first (test_replay.py's helpers)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Page, expect
from web.test_replay import (
    LAPTOP,
    Open,
    open_page,
    page_errors,
    play_a_game,
    remember,
    step_of,
    violations,
)

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def open_all_seeing(page: Page, web_url: str, code: str, key: str) -> None:
    await remember(page, web_url, [{"code": code, "key": key}])
    await page.goto(f"{web_url}/?game={code}&as=all&step=0")
    await expect(page.locator("#rp-pos")).to_contain_text("Step 0 of")


async def test_the_ledger_lists_the_threat_and_goes_to_its_step(
    open_page: Open, web_url: str, shots: Path
) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    await open_all_seeing(page, web_url, game.code, game.key)
    ledger = page.locator("#rp-ledger")
    threat = ledger.locator(f'.lg-row.threat[data-n="{game.bluff_n}"]')
    await expect(threat).to_contain_text("Washington · Hand 1")
    await expect(threat).to_contain_text(game.bluff_name)
    await expect(threat).to_contain_text(f"step {game.bluff_n}")
    await expect(threat).to_have_class(re.compile(r"\blater\b"))  # after step 0: dimmed
    await threat.click()
    await expect(page.locator("#rp-pos")).to_have_text(f"Step {game.bluff_n} of {game.entries}")
    assert await step_of(page) == game.bluff_n
    await expect(threat).not_to_have_class(re.compile(r"\blater\b"))
    await expect(threat).to_have_attribute("aria-current", "true")
    await page.screenshot(path=shots / "30-ledger-all-seeing.png", full_page=True)

    # Beijing's ledger never names the card Beijing did not see put down
    await page.click("#rp-as-beijing")
    threat = page.locator(f'#rp-ledger .lg-row.threat[data-n="{game.bluff_n}"]')
    await expect(threat).to_contain_text("a hidden card — not settled yet")
    assert game.bluff_name not in await page.inner_text("#replay")
    await page.click("#lang-zh")
    await expect(page.locator("#rp-ledger-h")).to_have_text("言與行")
    await expect(threat).to_contain_text("第 1 局")
    await page.screenshot(path=shots / "31-ledger-beijing-zh.png", full_page=True)
    assert page_errors(page) == []
    assert await violations(page) == []
