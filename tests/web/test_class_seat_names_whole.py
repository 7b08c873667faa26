"""A student's name on the class dashboard's room cards stays on one line (a real server, Redis
and Chromium): in a card of the grid (~290 px on a 1440 px screen) the name and the seat's role
shrank together, and "Ada Park" broke into "Ada / Park" beside "Washington · / President". Now the
role makes way: it wraps in the room left beside the name, and never runs into Move."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page

LINES = """() => [...document.querySelectorAll(".cl-seat-name")]
.map((el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return [el.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
})"""


APART = """() => [...document.querySelectorAll(".cl-seat")].map((li) => {
  const role = li.querySelector("small"), move = li.querySelector("[data-move]");
  const range = document.createRange();
  range.selectNodeContents(role);
  const right = Math.max(...[...range.getClientRects()].map((r) => r.right));
  return move.getBoundingClientRect().left - right;
})"""


@pytest.mark.parametrize(("width", "team"), [(1440, 2), (1440, 1), (390, 2)])
async def test_a_student_s_name_on_a_room_card_is_not_broken_in_two(
    system_chromium: Browser, web_url: str, redis_url: str, width: int, team: int
) -> None:
    roster = "Student X23 Lastname\nStudent A26 Lastname\nAda Park\nBo Chen\n"
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text=roster, team=team
    )
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        await page.set_viewport_size({"width": width, "height": 900})
        await expect(page.locator(".cl-seat-name")).to_have_count(4)
        lines = await page.evaluate(LINES)
        short = [n for name, n in lines if len(name) < 12]  # a long one wraps, as it must
        assert short and all(n == 1 for n in short), lines
        # nor does the role run into Move (a long name beside a one-word role: "WashingtonMove")
        apart = await page.evaluate(APART)
        assert all(gap >= 4 for gap in apart), apart
        overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    finally:
        await page.context.close()
