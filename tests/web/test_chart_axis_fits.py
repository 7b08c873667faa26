"""The results' Tariffs chart cut its top label short at the left edge: a tariff past 100% is
drawn on an axis up to "200%" or "250%", wider than the room left of the chart ("00%" showed).
The room left of the chart is now as wide as its widest label, in English and Chinese, on a
phone and a laptop.

Real Chromium: the page's own chart module."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser
from web.test_browser import LAPTOP, PHONE, open_page, page_errors

DRAW = """async ({values, percent, width}) => {
  const { lineChart } = await import('/static/charts.js');
  const points = values.map((v, k) => ({round: k, values: {tariff_on_china: v}}));
  const series = [{id: 'tariff_on_china', color: '#1d4ed8'}];
  const figure = lineChart('Tariffs', series, {points, percent});
  figure.id = 'test-chart';
  figure.style.width = width + 'px';
  document.querySelector('#test-chart')?.remove();
  document.body.append(figure);
  const svg = figure.querySelector('svg');
  const starts = [...svg.querySelectorAll('line.grid')].map((l) => Number(l.getAttribute('x1')));
  const plot = Math.min(...starts);
  return [...svg.querySelectorAll('text.axis:not(.hand-label)')].map((t) => {
    const b = t.getBBox();
    return {text: t.textContent, left: b.x, right: b.x + b.width, plot};
  });
}"""

CHARTS = [
    ([0, 34, 84, 245], True),  # up to 250%
    ([0, 125, 145], True),  # 150%
    ([100, 1040, 9999], False),  # a count in the thousands
    ([-120, 0, 30], False),  # below zero
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP])
async def test_the_value_axis_labels_fit_left_of_the_chart(
    system_chromium: Browser, web_url: str, lang: str, viewport: dict[str, int]
) -> None:
    _, page = await open_page(system_chromium, viewport)
    await page.goto(web_url)
    await page.evaluate(f"window.brink.setLang('{lang}')")
    width = 300 if viewport is PHONE else 420
    for values, percent in CHARTS:
        labels = await page.evaluate(DRAW, {"values": values, "percent": percent, "width": width})
        assert len(labels) >= 3, labels
        for label in labels:
            assert label["left"] >= 0, (values, label)
            assert label["right"] <= label["plot"], (values, label)
    assert page_errors(page) == []
