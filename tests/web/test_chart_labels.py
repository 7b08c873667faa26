"""The charts of a game's results are readable on a phone 320 pixels wide and in the results'
three columns on a laptop: their axis labels are at least 9 pixels high on the screen (drawn 10
units high in a chart 420 units wide shown 250 to 280 pixels wide, they were 6)."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect
from web.test_browser import LAPTOP, mei_plays_the_bot, page_errors, play_out

# the smallest label of the page's charts, in pixels on the screen
SMALLEST = """() => Math.min(...[...document.querySelectorAll('.chart svg text')].map((text) => {
  const svg = text.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(text).fontSize) * scale;
}))"""


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, LAPTOP])
async def test_the_charts_labels_are_readable(
    system_chromium: Browser, web_url: str, viewport: dict[str, int]
) -> None:
    page = await mei_plays_the_bot(system_chromium, web_url, viewport)
    await expect(page.locator("#table")).to_be_visible()
    await play_out([page])
    await expect(page.locator(".chart svg text.hand-label").first).to_be_visible()
    smallest = await page.evaluate(SMALLEST)
    assert smallest >= 9, smallest
    # every hand's label still fits its hand
    await expect(page.locator(".chart").first.locator("text.hand-label")).to_have_count(3)
    assert page_errors(page) == []
