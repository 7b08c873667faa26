"""The debrief page names a seat's holders in order when the teacher gave it on: "Cy → Dana", as
the replay does (it said "Beijing: Dana")."""

from __future__ import annotations

import json
from pathlib import Path

from classkit import add_instructor
from playwright.async_api import expect
from recordkit import RULES, seeded_game
from serverkit import start_server
from web.test_debrief_browser import sign_in
from web.test_replay import LAPTOP, Open, open_page

from server.protocol import Entry
from server.replay.record import header_for, read_record, summary_of, write_record
from server.storage.games import Games
from server.web.appkeys import REDIS

__all__ = ["open_page"]

CLASSROOM = RULES["classroom"]


def given_record() -> str:
    """The record of a room (AAAA) whose Beijing seat the teacher gave from Cy to Dana."""
    bots = {"washington": "planner_classic", "beijing": "tit_for_tat"}
    text = seeded_game(CLASSROOM, 7, bots, "AAAA", {"washington": "Ada", "beijing": "Cy"})
    entries = list(read_record(text, "AAAA").entries)
    notice: dict[str, object] = {"type": "notice", "kind": "reassigned", "by": "ms_li"}
    notice |= {"seat": "beijing", "name": "Dana", "previous": "Cy", "at": 1}
    given = Entry.model_validate({"n": 0, "notice": notice, "at": entries[9].at})
    made = [*entries[:10], given, *entries[10:]]
    lines = [e.model_copy(update={"n": i}).model_dump_json() for i, e in enumerate(made, 1)]
    header = header_for("AAAA", CLASSROOM, lines, {"washington": "Ada", "beijing": "Dana"}, {})
    return write_record(header, lines)


async def test_the_seat_given_on_names_both(
    open_page: Open, redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    try:
        await add_instructor(redis_url, "ms_li")
        text = given_record().replace('"AAAA"', '"KQ7X5M"')
        header = read_record(text, "KQ7X5M").header
        summary = json.dumps(summary_of(header, {}, "", owner="ms_li"))
        await Games(runner.app[REDIS]).keep("KQ7X5M", text, summary, 1)
        base = url.replace("ws://", "http://").removesuffix("/ws")
        context, page = await open_page(LAPTOP)
        await sign_in(page, base)
        await page.goto(f"{base}/?debrief&rooms=KQ7X5M")
        await expect(page.locator("#db-rooms .who.beijing")).to_have_text("Beijing: Cy → Dana")
        await expect(page.locator("#db-rooms .who.washington")).to_have_text("Washington: Ada")
        await context.close()
    finally:
        await runner.cleanup()
