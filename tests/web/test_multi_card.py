"""Raising with several cards in one turn from the browser, where the phase allows it
(`cards_per_turn`: 2 in classroom's simultaneous betting), and the one-click play of the intro.

Real Chromium, a real server and Redis; the other side is the Python client."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import Browser, Page, expect
from serverkit import start_server
from web.snap import snap
from web.test_browser import click_and_wait, open_page, page_errors
from web.trialkit import DECKS, classroom_decks, stacked_room

from client.connection import BrinkClient
from server.engine.commands import Check
from server.live.hub import Hub
from server.ruleset.schema import Side
from server.web.appkeys import HUB

PLAYED = (
    "window.brink.state.log.filter(e => e.event?.type === 'card_played').map(e => e.event.card)"
)


async def join(page: Page, base: str, code: str, seat: str = "washington") -> None:
    await page.goto(f"{base}/?room={code}")
    await page.fill("#join-name", "Ada")
    await page.check(f"#join-seat-{seat}")
    await page.click("#join-btn")
    await page.wait_for_selector("#table:not([hidden])")


@asynccontextmanager
async def stacked_table(
    browser: Browser,
    redis_url: str,
    tmp_path: Path,
    decks: Callable[[Hub], dict[Side, list[str]]],
    scenario: str,
) -> AsyncIterator[tuple[Page, BrinkClient]]:
    """A server and a room of `scenario` dealt `decks`, Beijing the Python client ("Bo") and
    Washington a browser page ("Ada"); yield the page and the client."""
    runner, ws_url = await start_server(redis_url, tmp_path)
    try:
        code = await stacked_room(runner.app[HUB], decks(runner.app[HUB]), scenario)
        base = ws_url.replace("ws://", "http://").removesuffix("/ws")
        async with BrinkClient(ws_url, "Bo") as bo:
            await bo.join(code, "beijing")
            _, page = await open_page(browser)
            await join(page, base, code)
            yield page, bo
    finally:
        await runner.cleanup()


async def test_a_browser_raises_with_two_cards_in_classroom(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    table = stacked_table(system_chromium, redis_url, tmp_path, classroom_decks, "classroom")
    async with table as (page, bo):
        # two cards a turn: a card is selected, not played, by its toggle or a click on it
        await expect(page.locator("#pick-us_tariff_34")).to_be_enabled()
        await expect(page.locator("#play-us_tariff_34")).to_have_count(0)
        await expect(page.locator("#pick-count")).to_have_text("0 of 2 selected")
        await expect(page.locator("#play-picked")).to_be_disabled()
        await expect(page.locator("#play-picked")).to_have_text("Select cards to raise with")
        # the banner's hint says how many (it said "raise with a card")
        await expect(page.locator("#turn-hint")).to_contain_text("raise with up to 2 cards")
        n = await page.evaluate("window.brink.state.n")

        # a click on a card selects it too; a combination past the capital (6 of 4) cannot be
        # selected (tests/web/test_polish.py)
        await page.click("#pick-us_dollar_pressure")
        await expect(page.locator("#pick-us_alliances")).to_be_disabled()
        await page.click("[data-card=us_eda_ban] .card-text")
        await expect(page.locator("#pick-us_eda_ban")).to_have_attribute("aria-pressed", "true")
        await expect(page.locator("[data-card=us_eda_ban]")).to_have_class(
            re.compile(r"\bpicked\b")
        )
        await expect(page.locator("#pick-us_tariff_34")).to_be_disabled()  # two is the most
        assert await page.evaluate("window.brink.state.n") == n
        await expect(page.locator("#pick-count")).to_have_text("2 of 2 selected")
        await page.click("#pick-clear")
        await expect(page.locator("#pick-count")).to_have_text("0 of 2 selected")

        # the keyboard selects too; the Chinese interface says it in Chinese
        await page.focus("#pick-us_tariff_34")
        await page.keyboard.press("Enter")
        await expect(page.locator("#pick-us_tariff_34")).to_be_focused()
        await page.click("#pick-us_h20_controls")
        await expect(page.locator("#pick-count")).to_have_text("2 of 2 selected")
        await expect(page.locator("#play-picked")).to_have_text("Raise with 2 cards")
        await page.click("#lang-zh")
        await expect(page.locator("#pick-count")).to_have_text("已選 2／2 張")
        await expect(page.locator("#play-picked")).to_have_text("以 2 張牌加注")
        await page.click("#lang-en")
        await snap(page.locator(".my-hand"), shots / "multi-card-selected.png")

        # Beijing chooses meanwhile (a new turn for both): the selection stays; one click
        # raises with both cards, face up
        await bo.wait_for(lambda v: v["phase_kind"] == "betting")
        await bo.act(Check())
        await expect(page.locator("#log")).to_contain_text("Beijing has chosen in secret.")
        await expect(page.locator("#pick-count")).to_have_text("2 of 2 selected")
        await click_and_wait(page, "#play-picked")
        await bo.wait_for(lambda v: v["sides"]["washington"]["hand_count"] == 3)
        await page.wait_for_function(f"() => {PLAYED}.length === 2")
        assert sorted(await page.evaluate(PLAYED)) == ["us_h20_controls", "us_tariff_34"]
        await expect(page.locator("[data-card=us_tariff_34]")).to_have_count(0)
        assert page_errors(page) == []


async def test_the_intro_still_plays_a_card_with_one_click(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    table = stacked_table(system_chromium, redis_url, tmp_path, lambda _: DECKS, "intro")
    async with table as (page, bo):
        await expect(page.locator("#play-us_tariff_34")).to_have_text("Play")
        await expect(page.locator("#pick-count, #play-picked, [id^=pick-]")).to_have_count(0)
        await expect(page.locator("#turn-hint")).to_contain_text("raise with a card")
        await click_and_wait(page, "#play-us_tariff_34")
        await bo.wait_for(lambda v: v["sides"]["washington"]["hand_count"] == 3)
        assert await page.evaluate(PLAYED) == ["us_tariff_34"]
        assert page_errors(page) == []
