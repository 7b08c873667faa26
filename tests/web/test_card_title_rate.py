"""A card's title says where playing it now takes the tariff. "Raise: +50 points (104%)" is the
year's figure (the rules' name); after a truce's snapback left the tariff at 44% the card took it
to 114%, and at the start of a game (0%, the earlier fentanyl tariff 20%) to 70%. The title now
says the rate worked out from the card's effects in the view, in both languages; the card's text
keeps the year's story. In a real browser against a real server on a real Redis; the decks are
stacked so that Washington's first hand holds the card (a dealt hand of four from six left it out
one game in three)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Browser, expect
from web.test_multi_card import stacked_table
from web.trialkit import DECKS

RAISE_50 = "us_tariff_50"


async def test_the_raise_cards_title_says_the_rate_it_would_make_now(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    async with stacked_table(system_chromium, redis_url, tmp_path, lambda _: DECKS, "intro") as (
        page,
        _,
    ):
        await page.wait_for_selector(f"article[data-card={RAISE_50}]")
        found = await page.evaluate(
            """(id) => { const s = window.brink.state;
                       return { hand: s.view.sides.washington.hand, pub: s.view.public }; }""",
            RAISE_50,
        )
        assert RAISE_50 in found["hand"], found["hand"]
        pub = found["pub"]
        now = min(200, pub["tariff_on_china"] + 50 + pub["fentanyl_tariff"])
        assert now != 104  # the year's figure is not where this game stands
        title = page.locator(f"#name-{RAISE_50}")
        await expect(title).to_have_text(f"Raise: +50 points ({now}%)")
        card = page.locator(f"article[data-card={RAISE_50}]")
        await expect(card).to_have_attribute("aria-label", f"Raise: +50 points ({now}%)")
        await expect(card.locator(".card-text")).to_contain_text("104%")  # the year's story
        await card.screenshot(path=tmp_path / "card-en.png")
        await page.click("#lang-zh")
        await expect(title).to_have_text(re.compile(rf"（{now}%）$"))
        await card.screenshot(path=tmp_path / "card-zh.png")
