"""What a fresh user found on the web page. A card's title worked out a figure of its own from the
view ("Raise: +50 points (70%)") while the log, the replay and `brink play` said the year's
("(104%)") and the card's text "the total reaches 104%": a card is now named alike everywhere, its
name holding no figure the game decides, its text telling the year's totals as the year's. And the
rules' bookkeeping (`internal: true`: who raised first this hand, who started the trade war, the
blame constants) is left out of the tracks and the log, by the rules' mark, not by a list of ids.
In a real browser against a real server on a real Redis; the decks are stacked."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, Locator, Page, expect
from web.test_multi_card import stacked_table
from web.trialkit import DECKS

from server.engine.commands import Call
from server.ruleset.loader import load_ruleset

RAISE_50 = "us_tariff_50"
RULES = load_ruleset(Path(__file__).resolve().parents[2] / "rules" / "intro.yaml")


async def test_a_card_is_named_alike_and_the_bookkeeping_is_not_shown(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    async with stacked_table(system_chromium, redis_url, tmp_path, lambda _: DECKS, "intro") as (
        page,
        bo,
    ):
        card = page.locator(f"article[data-card={RAISE_50}]")
        title = page.locator(f"#name-{RAISE_50}")
        await expect(title).to_have_text("Raise: +50 points")
        await expect(card).to_have_attribute("aria-label", "Raise: +50 points")
        await expect(card.locator(".card-text")).to_contain_text("In April 2025")
        await snap_both(page, card, shots, "card-names-hand")

        # Washington raises first (the tariff 0% → 34%, its `us_raised` set, Beijing paid the
        # blame); Beijing calls: the log tells the card by its name and the rates it moved
        await page.click("#play-us_tariff_34")
        await bo.wait_for(lambda v: v["to_act"] == "beijing")
        await bo.act(Call())
        await bo.wait_for(lambda v: v["phase_kind"] == "talks")
        log, tracks = page.locator("#log"), page.locator("#tracks")
        await expect(log).to_contain_text("Liberation Day: +34%")
        await expect(log).to_contain_text("US tariff on China 0% → 34%")
        state = await page.evaluate("() => window.brink.state.view.public")
        assert state["us_raised"] == 1 and "aggressor" in state  # the view keeps them
        await tracks.locator("details.more summary").click()
        for lang in ("en", "zh"):
            if lang == "zh":
                await page.click("#lang-zh")
                await expect(log).to_contain_text("美國對華關稅 0% → 34%")
            said = await log.inner_text() + await tracks.inner_text()
            for name in RULES.internal:
                assert getattr(RULES.spec.variables[name].name, lang) not in said, (name, said)
        await page.screenshot(path=shots / "card-names-bookkeeping-zh.png", full_page=True)
        # the page reads the rules' mark: a variable of other rules marked internal is left out
        found = await page.evaluate(
            """async () => {
                 const { internalVars } = await import("/static/narrate.js");
                 const marked = { variables: { x: { internal: true }, us_raised: {} } };
                 const unmarked = { variables: { us_raised: {}, y: {} } };
                 return [[...internalVars(marked)], [...internalVars(unmarked)]];
               }"""
        )
        assert found == [["x"], ["us_raised"]]


async def snap_both(page: Page, card: Locator, shots: Path, name: str) -> None:
    await card.screenshot(path=shots / f"{name}-en.png")
    await page.click("#lang-zh")
    await expect(page.locator(f"#name-{RAISE_50}")).to_have_text("加注：再加徵50個百分點")
    await card.screenshot(path=shots / f"{name}-zh.png")
    await page.click("#lang-en")
