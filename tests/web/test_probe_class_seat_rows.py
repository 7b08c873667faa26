"""The Move links of a room's seats line up at the card's right edge. A seat whose name and role
fit on one line ("Student 37 Beijing · Leader") had its Move right after the role, mid-card,
while the others' stood at the edge: a ragged column on forty students' cards."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page


async def test_the_move_links_of_a_room_card_line_up(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    roster = "O'Brien, Pat\nStudent 11\nStudent 37\nStudent 14\n"
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text=roster, team=2)
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        moves = page.locator("article.cl-room [data-move]")
        await expect(moves).to_have_count(4)
        card = await page.locator("article.cl-room").first.bounding_box()
        assert card is not None
        rights = []
        for i in range(4):
            box = await moves.nth(i).bounding_box()
            assert box is not None
            rights.append(round(box["x"] + box["width"]))
        assert len(set(rights)) == 1, rights
        assert card["x"] + card["width"] - rights[0] < 24  # at the card's right edge
    finally:
        await page.context.close()
