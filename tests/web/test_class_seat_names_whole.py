"""A student's name on the class dashboard's room cards stays on one line (a real server, Redis
and Chromium): in a card of the grid (~290 px on a 1440 px screen) the name and the seat's role
shrank together, and "Ada Park" broke into "Ada / Park" beside "Washington · / President". Now the
role makes way: it wraps in the room left beside the name."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page

LINES = """(card) => [...document.querySelectorAll(`#room-card-${card} .cl-seat-name`)]
.map((el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return [el.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
})"""


@pytest.mark.parametrize("width", [1440, 390])
async def test_a_student_s_name_on_a_room_card_is_not_broken_in_two(
    system_chromium: Browser, web_url: str, redis_url: str, width: int
) -> None:
    roster = "Ada Park\nBo Chen\nCy Diaz\nDee Evans\n"
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text=roster, team=2
    )
    room = made["rooms"][0]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        await page.set_viewport_size({"width": width, "height": 900})
        await expect(page.locator(f"#room-card-{room} .cl-seat-name")).to_have_count(4)
        lines = await page.evaluate(LINES, room)
        assert all(n == 1 for _, n in lines), lines
        overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    finally:
        await page.context.close()
