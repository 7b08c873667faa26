"""The end screen's charts labelled the hands along the bottom one change apart: a hand of few
changes was a sliver, and its label was cut to its number or left out, so the labels of a
six-hand game alternated and skipped ("Hand 1", "3", —, "Hand 4", …). Every hand is now as wide
as every other; each is labelled under its middle, all in one form ("Hand 2" where every
hand's fits, else numbers, said to be hands at the left), and where even the numbers do not fit
(thirty hands on a phone) every second or third hand is labelled, evenly, from the first.

Real Chromium: the page's own chart module, drawn at a phone's width."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from playwright.async_api import Browser
from web.test_browser import PHONE, open_page, page_errors

DRAW = """async ({changes, width}) => {
  const { lineChart } = await import('/static/charts.js');
  const points = [{round: 0, values: {tariff_on_china: 0}}];
  changes.forEach((n, k) => {
    for (let j = 0; j < n; j++) points.push({round: k + 1, values: {tariff_on_china: 10 * k + j}});
  });
  const figure = lineChart('Tariffs', [{id: 'tariff_on_china', color: '#1d4ed8'}], {points});
  figure.id = 'test-chart';
  figure.style.width = width + 'px';
  document.querySelector('#test-chart')?.remove();
  document.body.append(figure);
  const svg = figure.querySelector('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const bounds = [...svg.querySelectorAll('line.v')].map((l) => Number(l.getAttribute('x1')));
  const labels = [...svg.querySelectorAll('text.hand-label')].map((t) => {
    const b = t.getBBox();
    return {text: t.textContent, left: b.x, right: b.x + b.width,
            px: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
  const title = svg.querySelector('text.hand-title')?.textContent ?? null;
  return {bounds, labels, title, end: svg.viewBox.baseVal.width};
}"""

# a six-hand game whose hands changed the values 1 to 8 times each (full_2025), and thirty hands
SIX = [1, 6, 2, 8, 1, 3]
THIRTY = [1, 3] * 15


def _hands(labels: list[dict[str, Any]]) -> list[int]:
    return [int("".join(c for c in label["text"] if c.isdigit())) for label in labels]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_hand_of_a_six_hand_game_is_labelled_on_a_phone(
    system_chromium: Browser, web_url: str, lang: str
) -> None:
    _, page = await open_page(system_chromium, PHONE)
    await page.goto(web_url)
    await page.evaluate(f"window.brink.setLang('{lang}')")
    drawn = await page.evaluate(DRAW, {"changes": SIX, "width": 300})
    labels = drawn["labels"]
    assert _hands(labels) == [1, 2, 3, 4, 5, 6], labels
    # one form for all: "Hand n" (第n局) or the number alone, then said to be hands
    forms = {
        label["text"].replace(str(n), "#") for label, n in zip(labels, range(1, 7), strict=True)
    }
    assert len(forms) == 1, labels
    if forms == {"#"}:
        assert drawn["title"] in ("Hand", "局")
    # each label lies under its own hand, between its lines, and none overlaps the next
    bounds = [*drawn["bounds"], drawn["end"] - 10]
    for label, (left, right) in zip(labels, itertools.pairwise(bounds), strict=True):
        assert left <= label["left"] and label["right"] <= right, (label, left, right)
    assert min(label["px"] for label in labels) >= 9
    assert page_errors(page) == []


async def test_thirty_hands_are_labelled_evenly(system_chromium: Browser, web_url: str) -> None:
    _, page = await open_page(system_chromium, PHONE)
    await page.goto(web_url)
    drawn = await page.evaluate(DRAW, {"changes": THIRTY, "width": 300})
    labels = drawn["labels"]
    hands = _hands(labels)
    steps = {b - a for a, b in itertools.pairwise(hands)}
    assert hands[0] == 1 and len(steps) == 1 and len(hands) >= 8, hands
    for before, after in itertools.pairwise(labels):
        assert before["right"] <= after["left"], (before, after)
    assert all(label["left"] >= 0 and label["right"] <= drawn["end"] for label in labels)
    assert page_errors(page) == []
