"""The debrief on a phone (a real server, Redis and Chromium): the rule that folds the rooms
table's Players column away at narrow widths hid the second column of every debrief table, so
the *Deals and bluffs* table showed Beijing's column alone, Washington's header and numbers gone
(a teacher reading it on a phone saw one side's counts as if they were the only ones). And in
English the rooms table was wider than a phone (its words do not break: "Washington" in the
winner's column, the tariffs), so the whole page scrolled sideways."""

from __future__ import annotations

from typing import Any

from playwright.async_api import BrowserContext, Page
from web.test_debrief_browser import sign_in, three_rooms
from web.test_replay import PHONE, Open, open_page

__all__ = ["open_page", "three_rooms"]  # the fixtures


async def debrief_on_a_phone(
    open_page: Open, three_rooms: dict[str, Any]
) -> tuple[BrowserContext, Page]:
    """A phone-sized page, signed in, on the debrief of `three_rooms`."""
    base, codes = three_rooms["base"], three_rooms["codes"]
    context, page = await open_page(PHONE)
    await sign_in(page, base)
    await page.goto(f"{base}/?debrief&rooms={','.join(codes)}")
    return context, page


async def test_both_sides_columns_at_a_phone_width(
    open_page: Open, three_rooms: dict[str, Any]
) -> None:
    context, page = await debrief_on_a_phone(open_page, three_rooms)
    table = page.locator("#db-side-totals")
    await table.wait_for()
    for side in ("washington", "beijing"):
        assert await table.locator(f"thead th.{side}").is_visible(), f"no {side} column"
    rows = await table.locator("tbody tr").all()
    assert rows
    for row in rows:
        shown = [cell for cell in await row.locator("td").all() if await cell.is_visible()]
        assert len(shown) == 2, await row.inner_text()
    # the rooms table still folds its Players column away on a phone
    assert not await page.locator("#db-rooms thead th").nth(1).is_visible()
    # and in English ("Washington" won, "Ended by the instructor"...) the page is no wider
    # than the phone: a table too wide for it scrolls in its place, the page does not
    wide: int = await page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"the page is {wide} px wide at a phone's width"
    await context.close()
