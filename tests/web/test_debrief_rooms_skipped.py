"""The debrief of rooms a teacher lists by hand: a list with a code that is not theirs, one that is
no room code and codes in lower case showed "Debrief · 4 rooms" and only "Room T3SCSK is not one
of yours…", hiding the rooms that were. The rooms that are theirs are shown, and each code that
could not be used is named, with why."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect
from web.test_debrief_browser import sign_in, three_rooms
from web.test_replay import LAPTOP, Open, open_page

__all__ = ["open_page", "three_rooms"]  # the fixtures


async def test_the_usable_rooms_are_shown_and_the_others_named(
    open_page: Open, three_rooms: dict[str, Any]
) -> None:
    base, codes = three_rooms["base"], three_rooms["codes"]
    context, page = await open_page(LAPTOP)
    await sign_in(page, base)
    asked = [codes[0], "ZZZZZZ", codes[1].lower(), "O0-1"]
    await page.goto(f"{base}/?debrief&rooms={','.join(asked)}")
    await expect(page.locator("#db-title")).to_have_text("Debrief · 2 rooms")
    rows = page.locator("#db-rooms tbody tr.db-room")
    await expect(rows).to_have_count(2)
    assert [await r.get_attribute("data-code") for r in await rows.all()] == codes[:2]
    skipped = page.locator("#db-skipped li")
    await expect(skipped).to_have_count(2)
    await expect(page.locator('#db-skipped li[data-room="ZZZZZZ"]')).to_contain_text(
        "ZZZZZZ: not one of your rooms"
    )
    await expect(page.locator('#db-skipped li[data-room="O0-1"]')).to_contain_text(
        "not a room code"
    )
    await expect(page.locator("#db-error")).to_have_count(0)
    # none of them usable: said as before
    await page.goto(f"{base}/?debrief&rooms=ZZZZZZ")
    await expect(page.locator("#db-error")).to_contain_text("ZZZZZZ is not one of yours")
    await context.close()
