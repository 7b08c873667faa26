"""Rough edges of the web client that fresh players met: a card too dear with the cards picked
could be picked (the server then refused the raise); a card's refusal said "Play:" under a
Select button; the Chinese interface mixed ASCII colons, semicolons and brackets into its effect
lines (the cards', the log's, the banner's and the sidebar's); the log told a broken deal by its
number ("breaks deal 1").

Real Chromium, a real server and Redis; the other side is the Python client."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Browser, Page, expect
from web.snap import snap
from web.test_browser import click_and_wait, page_errors
from web.test_multi_card import stacked_table
from web.test_multi_card_alternating import full_decks, truce_proposed, truce_struck

from server.engine.commands import Check
from server.live.hub import Hub
from server.ruleset.schema import Side

US_FIVE = "us_tariff_50 us_dollar_pressure us_alliances us_eda_ban us_tariff_threat_100"
CN_FIVE = "cn_halt_boeing cn_ree_seven cn_resume_licences cn_superhard_controls cn_tariff_34"
HAND: dict[Side, list[str]] = {"washington": US_FIVE.split(), "beijing": CN_FIVE.split()}
"""Classroom hands (two cards a turn), dealt first: Washington's holds two cards that cost 3
(its 4 capital buys one of them with one card that costs 1, not both) and a tariff hike that
needs a tariff in place (none is at the start)."""


def classroom_hands(hub: Hub) -> dict[Side, list[str]]:
    decks = hub.scenarios["classroom"].scenario.decks
    return {
        side: [*HAND[side], *(c for c in getattr(decks, side) if c not in HAND[side])]
        for side in HAND
    }


def why(card: str) -> str:
    return f"#why-play-{card}"


async def test_a_card_too_dear_with_those_selected_cannot_be_selected_and_says_why(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    table = stacked_table(system_chromium, redis_url, tmp_path, classroom_hands, "classroom")
    async with table as (page, _):
        # a card the server refuses says so under its Select button (it said "Play: …")
        await expect(page.locator("#pick-us_tariff_50")).to_be_disabled()
        await expect(page.locator(why("us_tariff_50"))).to_have_text(
            "Select: Not possible now: needs US tariff on China > 0 and US tariff on China < 145."
        )
        # nothing selected: either 3-capital card may be
        await expect(page.locator("#pick-us_alliances")).to_be_enabled()
        await expect(page.locator(why("us_alliances"))).to_have_count(0)

        # one selected: the other would cost 6 with it, of 4; a card that costs 1 still may be
        await page.click("#pick-us_dollar_pressure")
        dear = (
            "With the cards selected this costs 6 in all,"
            " more than Washington's political capital (4)."
        )
        await expect(page.locator("#pick-us_alliances")).to_be_disabled()
        await expect(page.locator(why("us_alliances"))).to_have_text(f"Select: {dear}")
        await expect(page.locator("#pick-us_alliances")).to_have_attribute("title", dear)
        await expect(page.locator("#pick-us_eda_ban")).to_be_enabled()
        await expect(page.locator(why("us_eda_ban"))).to_have_count(0)
        await snap(page.locator(".my-hand"), shots / "polish-too-dear-en.png")
        await page.click("#lang-zh")
        await expect(page.locator(why("us_alliances"))).to_have_text(
            "選取：連同已選取的牌共需 6 點，超過華盛頓政治資本（4）。"
        )
        await expect(page.locator(why("us_tariff_50"))).to_have_text(re.compile(r"^選取：現在不行"))
        await snap(page.locator(".my-hand"), shots / "polish-too-dear-zh.png")
        await page.click("#lang-en")

        # unselected, it frees the other; the other selected, the first is too dear in turn
        await page.click("#pick-us_dollar_pressure")
        await expect(page.locator("#pick-us_alliances")).to_be_enabled()
        await expect(page.locator(why("us_alliances"))).to_have_count(0)
        await page.click("[data-card=us_alliances] .card-text")
        await expect(page.locator("#pick-us_dollar_pressure")).to_be_disabled()
        await expect(page.locator(why("us_dollar_pressure"))).to_have_text(f"Select: {dear}")
        # a click on the card does not select it either
        await page.click("[data-card=us_dollar_pressure] .card-text")
        await expect(page.locator("#pick-count")).to_have_text("1 of 2 selected")

        # the server still judges the raise: picks that outran what the page knew (they are
        # the page's state; a render shows them) are refused with its reason, and stay
        n = await page.evaluate("window.brink.state.n")
        await page.evaluate(
            """() => {
                window.brink.state.picks.ids = ["us_dollar_pressure", "us_alliances"];
                window.brink.setLang("en");
            }"""
        )
        await expect(page.locator("#pick-count")).to_have_text("2 of 2 selected")
        await page.click("#play-picked")
        await expect(page.locator("#toast")).to_have_text(
            "Not enough political capital to pay for it."
        )
        assert await page.evaluate("window.brink.state.n") == n
        await expect(page.locator("#pick-count")).to_have_text("2 of 2 selected")
        assert page_errors(page) == []


EN_ALLIANCES = [
    "Effect: Washington's leverage won +4; Washington's credibility +3;"
    " Domestic pressure on Beijing +2; stake +3",
    "Each hand while it lasts: US market index +1; China market index −1"
    " (for the rest of the game)",
]
ZH_ALLIANCES = [
    "效果：華盛頓贏得的籌碼 +4；華盛頓信譽 +3；北京國內壓力 +2；賭注 +3",
    "持續期間每局：美國市場指數 +1；中國市場指數 −1（持續到遊戲結束）",
]


async def card_lines(page: Page, card: str = "") -> list[str]:
    """The lines of effects, needs and bluffs of the card `card` (no card: of every card)."""
    where = f"[data-card={card}]" if card else ".my-hand .card"
    lines = (f"{where} .effect", f"{where} .needs", f"{where} .bluff-note")
    texts: list[str] = await page.locator(", ".join(lines)).all_inner_texts()
    return [" ".join(text.split()) for text in texts]


async def test_the_chinese_cards_use_full_width_punctuation(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    table = stacked_table(system_chromium, redis_url, tmp_path, classroom_hands, "classroom")
    async with table as (page, _):
        assert await card_lines(page, "us_alliances") == EN_ALLIANCES  # English unchanged
        await expect(page.locator("[data-card=us_eda_ban] .needs")).to_have_text(
            "Needs: Chip-design software (EDA) ban: no"
        )
        await expect(page.locator("#banner .stake")).to_have_text("Stake: 1")
        await expect(page.locator("#act-call-reason")).to_have_text(
            "Why not: There is no raise to call."
        )
        running = page.locator("#tracks .status-list li").first
        await expect(running).to_have_text("● US lines running (F-35, Patriot, F-150): yes")
        await page.click("#lang-zh")
        assert await card_lines(page, "us_alliances") == ZH_ALLIANCES
        await expect(page.locator("[data-card=us_eda_ban] .needs")).to_have_text(
            "條件：半導體設計軟件（EDA）出口禁令：否"
        )
        await expect(page.locator("[data-card=us_tariff_threat_100] .bluff-note")).to_have_text(
            re.compile(r"^可以暗牌打出（虛張聲勢）——只有在以下情況才是真的：美國")
        )
        await expect(page.locator("#banner .stake")).to_have_text("賭注：1")
        await expect(page.locator("#act-call-reason")).to_have_text("原因：沒有加注可跟。")
        await expect(running).to_have_text("● 美國生產線運轉（F-35、愛國者、F-150）：是")
        # no ASCII colon or semicolon in any card's lines (an expression's brackets may be)
        for line in await card_lines(page):
            assert not re.search(r"[:;]", line), line
        await snap(page.locator(".my-hand"), shots / "polish-cards-zh.png")
        assert page_errors(page) == []


async def test_the_log_tells_a_broken_deal_by_its_name(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    table = stacked_table(system_chromium, redis_url, tmp_path, full_decks, "full_2025")
    async with table as (page, bo):
        # hand 1: a tariff, called; a tariff truce struck in the talks
        await truce_proposed(page, bo, 2)
        await page.click("#lang-zh")
        await expect(page.locator("#proposal li")).to_contain_text(
            "關稅休戰（美國對華關稅：30，中國對美關稅：10）"
        )
        await page.click("#lang-en")
        await expect(page.locator("#proposal li")).to_contain_text(
            "Tariff truce (US tariff on China: 30, China's tariff on the US: 10)"
        )
        await truce_struck(page, bo)
        # hand 2: Washington breaks the truce with a tariff (in an update of its own)
        await bo.wait_for(lambda v: v["round"] == 2 and v["to_act"] == "beijing")
        terms = page.locator("#tracks .deals small")
        await expect(terms).to_have_text(" (US tariff on China 30, China's tariff on the US 10)")
        await page.click("#lang-zh")
        await expect(terms).to_have_text("（美國對華關稅 30，中國對美關稅 10）")
        await page.click("#lang-en")
        await bo.act(Check())
        await page.click("#pick-us_tariff_50")
        await page.click("#play-picked")
        await click_and_wait(page, "#play-picked")  # "Play anyway: break the deal"
        card = "Raise: +50 points"
        line = page.locator("#log li", has_text="breaks")
        await expect(line).to_have_text(
            f"Washington breaks the deal ‘Tariff truce’ by playing {card}."
        )
        cost = page.locator("#log li", has_text="broke a deal")
        breach = r"^Washington broke a deal: Washington's credibility \d+ → \d+ \(−\d+\); "
        await expect(cost).to_have_text(re.compile(breach))
        await page.click("#lang-zh")
        line = page.locator("#log li", has_text="違反協議")
        await expect(line).to_have_text(
            "華盛頓打出「加注：再加徵50個百分點」，違反協議「關稅休戰」。"
        )
        # and what it cost, with the Chinese punctuation (it was "華盛頓違約: … (−8); …")
        cost = page.locator("#log li", has_text="華盛頓違約")
        await expect(cost).to_have_text(re.compile(r"^華盛頓違約：華盛頓信譽 \d+ → \d+（−\d+）；"))
        await snap(page.locator("#log"), shots / "polish-broken-deal-zh.png")
        assert page_errors(page) == []
