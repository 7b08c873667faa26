"""The web log tells a deal's end by the deal's name, as it tells one broken: "The deal ‘Tariff
truce’ expires." (it said "Deal 1 expires.", a number the players were never shown), and the
values its end changes under the same name (they said "deal 1: …"); a percent with its unit, as
`brink replay` says it: "US tariff on China 30% → 54% (+24)", not "30 → 54 (+24)".

Real Chromium, a real server and Redis; the other side is the Python client."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Browser, expect
from web.snap import snap
from web.test_browser import page_errors
from web.test_multi_card import stacked_table
from web.test_multi_card_alternating import full_decks, truce_proposed, truce_struck


async def test_the_log_tells_a_deal_running_out_by_its_name(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    table = stacked_table(system_chromium, redis_url, tmp_path, full_decks, "full_2025")
    async with table as (page, bo):
        # hand 1: a tariff, called; a tariff truce for this hand only, struck in the talks
        await truce_proposed(page, bo, 1)
        await truce_struck(page, bo)
        # the hand resolves: the truce runs out and the suspended points come back
        await bo.wait_for(lambda v: v["round"] == 2)
        await expect(page.locator("#log li", has_text="expires")).to_have_text(
            "The deal ‘Tariff truce’ expires."
        )
        back = page.locator("#log li", has_text="US tariff on China 30% → 54%")
        await expect(back).to_have_text(re.compile(r"^The deal ‘Tariff truce’: "))
        await expect(back).to_contain_text("US tariff on China 30% → 54% (+24)")
        # weeks with theirs: the hand's end refills the magnet stockpile
        stock = page.locator("#log li", has_text="US rare-earth magnet stockpile")
        await expect(stock.first).to_contain_text("US rare-earth magnet stockpile 6 wk → 9 wk (+3)")
        await page.click("#lang-zh")
        expiry = page.locator("#log li", has_text="到期")
        await expect(expiry).to_have_text("協議「關稅休戰」到期。")
        back = page.locator("#log li", has_text="美國對華關稅 30% → 54%")
        await expect(back).to_have_text(re.compile(r"^協議「關稅休戰」："))
        await expect(back).to_contain_text("美國對華關稅 30% → 54%（+24）")
        stock = page.locator("#log li", has_text="美國稀土永磁庫存")
        await expect(stock.first).to_contain_text("美國稀土永磁庫存 6 週 → 9 週（+3）")
        await snap(page.locator("#log"), shots / "deal-expiry-zh.png")
        assert page_errors(page) == []
