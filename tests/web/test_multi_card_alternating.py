"""Raising with several cards in one turn from the browser in alternating betting (full_2025:
one side acts, then the other; three cards a turn): a raise with three cards, answered by a
raise with two, a raise with two answered in turn; a card that breaks a deal among the picks.

Real Chromium, a real server and Redis; the other side is the Python client."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, Page, expect
from web.snap import snap
from web.test_browser import click_and_wait, page_errors
from web.test_multi_card import PLAYED, stacked_table

from client.connection import BrinkClient
from server.engine.commands import (
    Call,
    Check,
    PassTalks,
    PlayCards,
    ProposeDeal,
    TermChoice,
)
from server.live.hub import Hub
from server.ruleset.schema import Side

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


async def truce_proposed(page: Page, bo: BrinkClient, rounds: int) -> None:
    """Hand 1 on `full_decks`: Washington (the page) raises with a tariff, Beijing (`bo`) calls
    and proposes a tariff truce for `rounds` hands."""
    await page.click("#pick-us_tariff_34")
    await click_and_wait(page, "#play-picked")
    await bo.wait_for(lambda v: v["to_act"] == "beijing")
    await bo.act(Call())
    await bo.wait_for(lambda v: v["phase_kind"] == "talks")
    await bo.act(ProposeDeal(terms=[TermChoice(term="tariff_truce")], rounds=rounds))


async def truce_struck(page: Page, bo: BrinkClient) -> None:
    """The page accepts the truce proposed and passes; Beijing passes: the talks are over."""
    await click_and_wait(page, "#act-accept:enabled")
    await click_and_wait(page, "#act-pass:enabled")
    await bo.act(PassTalks())


async def played(page: Page, n: int) -> list[str]:
    """The cards played face up so far, once there are `n` (a function: the CSP forbids eval)."""
    await page.wait_for_function(f"() => {PLAYED}.length === {n}")
    cards: list[str] = await page.evaluate(PLAYED)
    return cards


async def test_a_browser_raises_with_three_cards_and_answers_a_raise_with_two_in_full_2025(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    table = stacked_table(system_chromium, redis_url, tmp_path, full_decks, "full_2025")
    async with table as (page, bo):
        # Washington opens hand 1: three cards are selected, a fourth cannot be
        await expect(page.locator("#pick-count")).to_have_text("0 of 3 selected")
        await expect(page.locator("#play-us_tariff_34")).to_have_count(0)
        for card in ("us_tariff_34", "us_h20_controls"):
            await page.click(f"#pick-{card}")
        await expect(page.locator("#play-picked")).to_have_text("Raise with 2 cards")
        await page.click("[data-card=us_ascend_restrictions] .card-text")
        await expect(page.locator("#pick-count")).to_have_text("3 of 3 selected")
        await expect(page.locator("#pick-us_eda_ban")).to_be_disabled()
        await snap(page.locator(".my-hand"), shots / "multi-card-full-three.png")
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


HIT = """sel => {
    const box = document.querySelector(sel).getBoundingClientRect();
    return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)?.id;
}"""
"""The id of what a click at the middle of the element `sel` lands on (not something over it)."""


async def test_keeping_the_deal_keeps_the_other_picks_and_the_raise_button_stays_in_sight(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    table = stacked_table(system_chromium, redis_url, tmp_path, full_decks, "full_2025")
    async with table as (page, bo):
        # hand 1: a tariff, called; a tariff truce struck in the talks
        await truce_proposed(page, bo, 2)
        await truce_struck(page, bo)
        # hand 2: Beijing opens and checks; Washington's tariff would break the truce
        await bo.wait_for(lambda v: v["round"] == 2 and v["to_act"] == "beijing")
        await bo.act(Check())
        await expect(page.locator("#breaks-us_tariff_50")).to_be_visible()
        await page.click("#pick-us_h20_controls")
        await page.click("#pick-us_tariff_50")
        await expect(page.locator("#play-picked")).to_have_class("danger")
        n = await page.evaluate("window.brink.state.n")
        await page.click("#play-picked")
        await expect(page.locator("#play-picked")).to_have_text("Play anyway: break the deal")
        # keeping the deal unselects the card that breaks it, not the other one
        await page.click("#pick-clear")
        await expect(page.locator("#pick-count")).to_have_text("1 of 3 selected")
        await expect(page.locator("#pick-us_h20_controls")).to_have_attribute(
            "aria-pressed", "true"
        )
        await expect(page.locator("#pick-us_tariff_50")).to_have_attribute("aria-pressed", "false")
        await expect(page.locator("#play-picked")).to_have_text("Raise with 1 card")
        assert await page.evaluate("window.brink.state.n") == n

        # a hand of 7 or more is taller than the screen: picking a card far down, the
        # raise button is still in sight, below the banner, and a click on it reaches it
        hand = await page.evaluate("window.brink.state.view.sides.washington.hand")
        assert len(hand) >= 7
        opts = await page.evaluate("window.brink.state.options.washington")
        free = [c for c in hand if opts["play"][c] is None and c not in opts["breaks"]]
        last = free[-1]
        assert hand.index(last) >= 5 and last != "us_h20_controls"
        await page.click(f"#pick-{last}")
        await expect(page.locator("#pick-count")).to_have_text("2 of 3 selected")
        assert await page.evaluate("window.scrollY") > 0
        assert await page.evaluate(HIT, "#play-picked") == "play-picked"
        await page.screenshot(path=shots / "multi-card-full-sticky-bar.png")

        # the Chinese help and warnings run on without a space after a full stop or colon
        await page.click("#lang-zh")
        await expect(page.locator(".my-hand .help")).to_contain_text("此階段每次加注最多可打出 3")
        help_text = await page.locator(".my-hand .help").text_content()
        warning = await page.locator("#breaks-us_tariff_50").text_content()
        assert "。 " not in (help_text or "") and "。 " not in (warning or "")
        # why a card may not be selected: 「選取：…」 (the button's word), not 「打出: …」
        whys = await page.locator("[id^=why-play-]").all_text_contents()
        assert whys and all(why.startswith("選取：") for why in whys), whys
        await page.click("#lang-en")

        # the two picks are raised with; the deal holds
        await click_and_wait(page, "#play-picked")
        view = await bo.wait_for(lambda v: v["to_act"] == "beijing")
        assert (await played(page, 3))[1:] == ["us_h20_controls", last]
        assert len(view["deals"]) == 1
        assert page_errors(page) == []
