"""The debrief's rooms table on a phone, in English and Chinese (a real server, Redis and
Chromium). The table scrolls sideways in its place; but its last column, the turning points,
was squeezed to the width of its longest word: every point stood alone on a line, a room's row
ran a phone's screen long (blank but for its first cells), and in Chinese, where a line may break
between any two characters, every point was a column of single characters ("做/出/不/同/選/擇"),
as were the scores ("228 / : / 242")."""

from __future__ import annotations

from typing import Any

from web.test_debrief_browser import three_rooms
from web.test_probe_debrief_phone import debrief_on_a_phone
from web.test_replay import PHONE, Open, open_page

__all__ = ["open_page", "three_rooms"]  # the fixtures

ONE_LINE = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('#db-rooms .db-tp, #db-rooms td .small')) {
    const line = parseFloat(getComputedStyle(el).lineHeight) || 20;
    if (el.getBoundingClientRect().height > 1.6 * line) broken.push(el.textContent);
  }
  const rows = [...document.querySelectorAll('#db-rooms tbody tr.db-room')];
  return {broken, points: document.querySelectorAll('#db-rooms .db-tp').length,
          tallest: Math.max(...rows.map((r) => r.getBoundingClientRect().height))};
}"""


async def test_turning_points_and_scores_keep_to_a_line_on_a_phone(
    open_page: Open, three_rooms: dict[str, Any]
) -> None:
    context, page = await debrief_on_a_phone(open_page, three_rooms)
    await page.locator("#db-rooms .db-tp").first.wait_for()
    for lang in ("en", "zh"):
        await page.click(f"#lang-{lang}")
        await page.wait_for_function(f"() => document.documentElement.lang.startsWith('{lang}')")
        found = await page.evaluate(ONE_LINE)
        assert found["points"] > 0
        assert found["broken"] == [], (lang, found)
        # a room's row is no taller than a phone's screen
        assert found["tallest"] < PHONE["height"] / 2, (lang, found)
    wide: int = await page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"]
    await context.close()
