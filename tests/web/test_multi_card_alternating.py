"""Raising with several cards in one turn from the browser in alternating betting (full_2025:
one side acts, then the other; three cards a turn): a raise with three cards, answered by a
raise with two, a raise with two answered in turn; a card that breaks a deal among the picks.

Real Chromium, a real server and Redis; the other side is the Python client."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, Page, expect
from serverkit import start_server
from web.test_browser import click_and_wait, open_page, page_errors
from web.test_multi_card import PLAYED, join
from web.trialkit import stacked_room

from client.connection import BrinkClient
from server.engine.commands import (
    PlayCards,
)
from server.live.hub import Hub
from server.ruleset.schema import Side
from server.web.appkeys import HUB

US_SEVEN = "us_tariff_34 us_h20_controls us_ascend_restrictions us_eda_ban us_nuclear_parts_ban"
CN_SEVEN = "cn_tariff_34 cn_ree_seven cn_superhard_controls cn_halt_boeing cn_resume_licences"
TOP: dict[Side, list[str]] = {
    "washington": [*US_SEVEN.split(), "us_tariff_50", "us_alliances"],
    "beijing": [*CN_SEVEN.split(), "cn_heavy_ree_controls", "cn_tariff_50"],
}
"""Hands of 7: Washington's first holds five export controls and tariffs that cost 1 each (its
5 capital buys three, then two), its second two more tariffs that a tariff truce forbids."""


def full_decks(hub: Hub) -> dict[Side, list[str]]:
    decks = hub.scenarios["full_2025"].scenario.decks
    return {
        side: [*TOP[side], *(c for c in getattr(decks, side) if c not in TOP[side])] for side in TOP
    }


async def played(page: Page, n: int) -> list[str]:
    """The cards played face up so far, once there are `n` (a function: the CSP forbids eval)."""
    await page.wait_for_function(f"() => {PLAYED}.length === {n}")
    cards: list[str] = await page.evaluate(PLAYED)
    return cards


async def test_a_browser_raises_with_three_cards_and_answers_a_raise_with_two_in_full_2025(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    try:
        code = await stacked_room(runner.app[HUB], full_decks(runner.app[HUB]), "full_2025")
        base = ws_url.replace("ws://", "http://").removesuffix("/ws")
        async with BrinkClient(ws_url, "Bo") as bo:
            await bo.join(code, "beijing")
            _, page = await open_page(system_chromium)
            await join(page, base, code)
            # Washington opens hand 1: three cards are selected, a fourth cannot be
            await expect(page.locator("#pick-count")).to_have_text("0 of 3 selected")
            await expect(page.locator("#play-us_tariff_34")).to_have_count(0)
            for card in ("us_tariff_34", "us_h20_controls"):
                await page.click(f"#pick-{card}")
            await expect(page.locator("#play-picked")).to_have_text("Raise with 2 cards")
            await page.click("[data-card=us_ascend_restrictions] .card-text")
            await expect(page.locator("#pick-count")).to_have_text("3 of 3 selected")
            await expect(page.locator("#pick-us_eda_ban")).to_be_disabled()
            await page.locator(".my-hand").screenshot(path=shots / "multi-card-full-three.png")
            await click_and_wait(page, "#play-picked")
            view = await bo.wait_for(lambda v: v["to_act"] == "beijing")
            three = ["us_tariff_34", "us_h20_controls", "us_ascend_restrictions"]
            assert await played(page, 3) == three
            assert view["sides"]["washington"]["hand_count"] == 4
            assert view["stake"] == 1 + 1 + 2 + 1

            # Beijing's turn: nothing is selected, nothing may be
            await expect(page.locator("#pick-count")).to_have_text("0 of 3 selected")
            await expect(page.locator("#pick-us_eda_ban")).to_be_disabled()
            await expect(page.locator("[data-card=us_tariff_34]")).to_have_count(0)

            # Beijing raises with two cards; Washington answers with two more
            await bo.act(PlayCards(cards=["cn_tariff_34", "cn_superhard_controls"]))
            await expect(page.locator("#act-call")).to_be_enabled()
            assert (await played(page, 5))[3:] == ["cn_tariff_34", "cn_superhard_controls"]
            await expect(page.locator("#pick-count")).to_have_text("0 of 3 selected")
            await page.click("#pick-us_eda_ban")
            await page.click("#pick-us_nuclear_parts_ban")
            await expect(page.locator("#play-picked")).to_have_text("Raise with 2 cards")
            await click_and_wait(page, "#play-picked")
            view = await bo.wait_for(lambda v: v["to_act"] == "beijing")
            assert (await played(page, 7))[5:] == ["us_eda_ban", "us_nuclear_parts_ban"]
            assert view["sides"]["washington"]["hand_count"] == 2
            assert view["stake"] == 7 + 3 + 1
            mine = await page.evaluate("window.brink.state.view.sides.washington.hand")
            assert sorted(mine) == ["us_alliances", "us_tariff_50"]
            await expect(page.locator("#log")).to_contain_text("Washington plays Nuclear")
            assert page_errors(page) == []
    finally:
        await runner.cleanup()
