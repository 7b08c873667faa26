"""The debrief's "Where the rooms chose differently" never says rooms dealt the same game chose
alike all the way through when it could not follow them: a tester's class (news injected in
both rooms later, the talks opened by different sides) read "made the same choices all the way
through" for two rooms that had parted. Two rooms the walk cannot line up from their first
decision (the betting's secret choices made in another order, news in one) say so, in Chromium,
against a real server and Redis."""

from __future__ import annotations

import json
from pathlib import Path

from classkit import add_instructor
from playwright.async_api import expect
from recordkit import RULES, commands_record
from serverkit import start_server
from web.test_debrief_browser import sign_in
from web.test_replay import LAPTOP, Open, open_page

from server.bots import make_bot
from server.engine.commands import INSTRUCTOR, SYSTEM, InjectNews, Timeout
from server.game.match import play_match
from server.replay.record import read_record, summary_of
from server.ruleset.schema import SIDES
from server.storage.games import Games
from server.web.appkeys import REDIS

__all__ = ["open_page"]  # the fixture, shared with test_replay.py

CLASSROOM = RULES["classroom"]


async def test_rooms_it_cannot_line_up_are_said_so(
    open_page: Open, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    bots = {side: make_bot("planner_classic", side) for side in SIDES}
    start, washington, beijing = list(play_match(CLASSROOM, bots, 7).commands)[:3]
    news = (INSTRUCTOR, InjectNews(text="Markets rally"))
    rooms = {
        "KQ7X2M": [start, washington, news, beijing],
        "PX4WNR": [start, beijing, (SYSTEM, Timeout(turn=2))],
    }
    runner, url = await start_server(redis_url, tmp_path)
    try:
        await add_instructor(redis_url, "ms_li")
        games = Games(runner.app[REDIS])
        for code, commands in rooms.items():
            text = commands_record(CLASSROOM, commands, code, {"washington": "W", "beijing": "B"})
            header = read_record(text, code).header
            summary = summary_of(header, {}, "", owner="ms_li")
            await games.keep(code, text, json.dumps(summary), header.ended or 0)
        base = url.replace("ws://", "http://").removesuffix("/ws")
        _, page = await open_page(LAPTOP)
        await sign_in(page, base)
        await page.goto(f"{base}/?debrief&rooms={','.join(rooms)}")
        panel = page.locator("#db-divergence")
        await expect(page.locator("#db-unaligned")).to_contain_text(
            "KQ7X2M, PX4WNR: their games cannot be set side by side from the first decision"
        )
        await expect(panel).not_to_contain_text("all the way through")
        await page.click("#lang-zh")
        await expect(page.locator("#db-unaligned")).to_contain_text("從第一個決定起局面就不同")
        await page.locator("#db-divergence").screenshot(path=shots / "debrief-unaligned.png")
    finally:
        await runner.cleanup()
