"""The debrief in a real browser (Chromium, a real server and Redis): an instructor signs in,
opens the debrief of three rooms of a class dealt the same game, sees the three rooms, the chart
with the 2025 line and where the rooms chose differently, downloads the CSV and parses it, opens
a room's replay at a turning point and comes back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from classkit import PASSWORD, add_instructor
from playwright.async_api import Page, expect
from recordkit import RULES, seeded_game
from serverkit import start_server
from web.snap import snap
from web.test_replay import LAPTOP, PHONE, Open, open_page, page_errors, violations

from server.replay.record import read_record, summary_of
from server.storage.games import Games
from server.web.appkeys import REDIS

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


CLASS = {
    "KQ7X2M": ({"washington": "Ada", "beijing": "Bo"}, ("planner_classic", "tit_for_tat")),
    "PX4WNR": ({"washington": "陳怡君", "beijing": "Carl"}, ("planner_classic", "planner_classic")),
    "ZR8HTC": ({"washington": "Dee", "beijing": "林志明"}, ("hawk", "dove")),
}


@pytest.fixture
async def three_rooms(redis_url: str, tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    """A server, and three games of Ms Li's class kept as the server keeps finished games: dealt
    the same game, played by people who took a few seconds over each decision."""
    runner, url = await start_server(redis_url, tmp_path)
    await add_instructor(redis_url, "ms_li")
    games = Games(runner.app[REDIS])
    entries = {}
    for think, (code, (seats, (w, b))) in enumerate(CLASS.items()):
        bots = {"washington": w, "beijing": b}
        text = seeded_game(RULES["classroom"], 42, bots, code, seats, think_ms=3000 + 4000 * think)
        header = read_record(text, code).header
        summary = summary_of(header, {}, "", owner="ms_li")
        await games.keep(code, text, json.dumps(summary), header.ended or 0)
        entries[code] = header.entries
    base = url.replace("ws://", "http://").removesuffix("/ws")
    yield {"base": base, "codes": list(CLASS), "entries": entries}
    await runner.cleanup()


ONE_LINE_SCORES = """() => {
  const scores = [...document.querySelectorAll("#db-rooms td .small")];
  return scores.length > 0 && scores.every((score) => {
    const range = document.createRange();
    range.selectNodeContents(score);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size === 1;
  });
}"""
"""Whether every room's score ("184 : 178") is on one line."""


async def sign_in(page: Page, base: str) -> None:
    await page.goto(f"{base}/?instructor=1")
    await page.fill("#in-name", "ms_li")
    await page.fill("#in-password", PASSWORD)
    await page.click("#sign-in")
    await expect(page.locator("#signed-in-as")).to_contain_text("ms_li")


async def test_the_debrief_of_three_rooms(
    open_page: Open, three_rooms: dict[str, Any], shots: Path
) -> None:
    base, codes = three_rooms["base"], three_rooms["codes"]
    context, page = await open_page(LAPTOP)
    # not signed in: the debrief says to sign in, and shows nothing of the rooms
    await page.goto(f"{base}/?debrief&rooms={','.join(codes)}")
    await expect(page.locator("#db-error")).to_contain_text("Sign in as an instructor")
    assert codes[0] not in await page.inner_text("#debrief")
    await sign_in(page, base)
    page_errors(page).clear()  # the 401s asked for before signing in
    await page.goto(f"{base}/?debrief&rooms={','.join(codes).lower()}")
    await expect(page.locator("#db-title")).to_have_text("Debrief · 3 rooms")
    rows = page.locator("#db-rooms tbody tr.db-room")
    await expect(rows).to_have_count(3)
    for row, code in zip(await rows.all(), codes, strict=True):
        await expect(row).to_have_attribute("data-code", code)
    # the chart: a line per room and the 2025 line; a room picked out; the other tariff
    lines = page.locator("#db-chart-svg path.db-line")
    await expect(lines).to_have_count(4)
    await expect(
        page.locator('#db-chart-svg path.db-line.history[data-room="H2025"]')
    ).to_have_count(1)
    await page.click(f'.db-pick[data-room="{codes[1]}"]')
    await expect(
        page.locator(f'#db-chart-svg path.db-line.picked[data-room="{codes[1]}"]')
    ).to_have_count(1)
    await expect(page.locator("#db-chart-svg path.db-line.faded")).to_have_count(2)
    await page.screenshot(path=shots / "debrief-3-rooms.png", full_page=True)
    await page.click("#db-on-us")
    await expect(page.locator("#db-on-us")).to_have_attribute("aria-pressed", "true")
    # where the rooms dealt the same game chose differently, each choice a link to its step
    points = page.locator("#db-points > li")
    await expect(points.first).to_be_visible()
    first = points.first.locator(".db-where a")
    assert await first.count() == 3, "all three rooms are in the first divergence"
    await snap(page.locator("#db-divergence"), shots / "debrief-divergence.png")

    # the CSV of every event, downloaded and parsed
    async with page.expect_download() as waiting:
        await page.click("#db-csv-events")
    download = await waiting.value
    text = Path(await download.path()).read_text(encoding="utf-8-sig")
    events = list(csv.DictReader(io.StringIO(text)))
    assert len(events) == sum(three_rooms["entries"].values())
    assert [r["room"] for r in events[:1]] == codes[:1] and events[-1]["room"] == codes[-1]
    assert download.suggested_filename.endswith("-events.csv")
    async with page.expect_download() as waiting:
        await page.click("#db-csv-games")
    games = list(
        csv.DictReader(
            io.StringIO(Path(await (await waiting.value).path()).read_text(encoding="utf-8-sig"))
        )
    )
    assert [g["room"] for g in games] == codes

    # a turning point opens the room's replay all-seeing at its step; Back returns here
    point = page.locator(f'#db-rooms tr[data-code="{codes[0]}"] a.db-tp').first
    href = await point.get_attribute("href")
    assert href is not None and f"game={codes[0]}" in href
    step = int(href.split("step=")[1].split("&")[0])
    await point.click()
    await expect(page.locator("#rp-pos")).to_contain_text(
        f"Step {step} of {three_rooms['entries'][codes[0]]}"
    )
    await expect(page.locator("#rp-as-instructor")).to_have_attribute("aria-pressed", "true")
    await page.go_back()
    await expect(page.locator("#db-rooms tbody tr.db-room")).to_have_count(3)

    # in Chinese, and at a phone's width without sideways scrolling
    await page.click("#lang-zh")
    await expect(page.locator("#db-title")).to_have_text("課後討論 · 3 個房間")
    await expect(page.locator("#db-divergence-h")).to_have_text("各房間在哪裡做出不同選擇")
    await page.screenshot(path=shots / "debrief-zh.png", full_page=True)
    assert await page.evaluate(ONE_LINE_SCORES), "a score broken over two lines"
    await page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    wide: int = await page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"the page is {wide} px wide at a phone's width"
    assert page_errors(page) == []
    assert await violations(page) == []
    await context.close()
