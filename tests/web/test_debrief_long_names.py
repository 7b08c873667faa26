"""The debrief's rooms table with a long team line ("Beijing: Bo Chen, Maximiliano
Fernández-García Montenegro, Student 2"): its Players column kept each side's line on one line, so
at 1400 px the table spilled out of its card. And on a phone, the table that scrolls sideways in
its card gave no sign that it does."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from classkit import add_instructor
from playwright.async_api import expect
from recordkit import RULES, seeded_game
from serverkit import start_server
from web.snap import snap
from web.test_debrief_browser import sign_in
from web.test_replay import LAPTOP, PHONE, Open, open_page

from server.replay.record import read_record, summary_of
from server.storage.games import Games
from server.web.appkeys import REDIS

__all__ = ["open_page"]

TEAM = "Bo Chen, Maximiliano Fernández-García Montenegro, Student 2, Anastasia Konstantinopoulou"
ROOMS = {
    "KQ7X3M": {"washington": "Ada Lovelace, Grace Brewster Murray Hopper", "beijing": TEAM},
    "PX4WNT": {"washington": "Dee", "beijing": "Eve"},
}


@pytest.fixture
async def long_rooms(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    runner, url = await start_server(redis_url, tmp_path)
    await add_instructor(redis_url, "ms_li")
    games = Games(runner.app[REDIS])
    for code, seats in ROOMS.items():
        bots = {"washington": "planner_classic", "beijing": "tit_for_tat"}
        text = seeded_game(RULES["classroom"], 42, bots, code, seats)
        header = read_record(text, code).header
        await games.keep(code, text, json.dumps(summary_of(header, {}, "", owner="ms_li")), 1)
    yield url.replace("ws://", "http://").removesuffix("/ws")
    await runner.cleanup()


INSIDE = """() => {
  const table = document.querySelector("#db-rooms");
  const card = table.closest(".db-section");
  return [table.getBoundingClientRect().right, card.getBoundingClientRect().right];
}"""


async def test_a_long_team_line_stays_in_its_card(
    open_page: Open, long_rooms: str, shots: Path
) -> None:
    context, page = await open_page(LAPTOP)
    await sign_in(page, long_rooms)
    await page.goto(f"{long_rooms}/?debrief&rooms={','.join(ROOMS)}")
    await expect(page.locator("#db-rooms tbody tr.db-room")).to_have_count(2)
    await expect(page.locator("#db-rooms")).to_contain_text("Montenegro")
    table, card = await page.evaluate(INSIDE)
    await snap(page.locator("#debrief"), shots / "debrief-long-names-1400.png")
    assert table <= card + 0.5, f"the rooms table ends at {table}, its card at {card}"
    # the side's name itself is not broken
    assert (
        await page.evaluate(
            "getComputedStyle(document.querySelector('#db-rooms .who b')).whiteSpace"
        )
        == "nowrap"
    )
    await context.close()


async def test_on_a_phone_the_rooms_table_says_it_scrolls(
    open_page: Open, long_rooms: str, shots: Path
) -> None:
    context, page = await open_page(PHONE)
    await sign_in(page, long_rooms)
    await page.goto(f"{long_rooms}/?debrief&rooms={','.join(ROOMS)}")
    await expect(page.locator("#db-rooms tbody tr.db-room")).to_have_count(2)
    wide = await page.evaluate(
        "(() => { const t = document.querySelector('#db-rooms');"
        " return t.scrollWidth > t.clientWidth; })()"
    )
    hint = page.locator("#db-rooms-scroll")
    if wide:
        await expect(hint).to_be_visible()
        await expect(hint).to_contain_text("sideways")
    else:
        await expect(hint).to_be_hidden()
    await snap(page.locator("#debrief"), shots / "debrief-long-names-phone.png")
    assert wide, "the rooms table fits a phone: this test no longer checks the hint"
    await context.close()
