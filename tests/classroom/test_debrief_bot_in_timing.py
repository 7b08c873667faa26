"""The debrief times a class's students who played a side before the teacher put a bot in for it.
A record's header lists the bots at the end of the game, the one put in (`bot_in`) among them,
so every decision of that side counted as the bot's: the students' time per decision was "—" in
the debrief and the games CSV, and their slowest decisions were left out. Now a side is a bot's
from the start only if its header says so and no `bot_in` put one in; else from the `bot_in`
(to a `bot_out`). The events CSV gave the bot's moves to the student it stood in for (who
still holds the seat): they are the bot's now (`bot:planner`)."""

from __future__ import annotations

import json
from typing import Any

from recordkit import RULES, seeded_game, with_entries

from server.replay.debrief import debrief
from server.replay.debrief_export import event_rows, game_rows
from server.replay.debrief_moves import decisions
from server.replay.debrief_paths import hand_bounds
from server.replay.record import read_record
from server.replay.verify import Verified, verify

BOTS = {"washington": "planner_classic", "beijing": "tit_for_tat"}
SEATS = {"washington": "Ada", "beijing": "Bo"}


def record() -> tuple[dict[str, Any], list[str]]:
    lines = seeded_game(RULES["classroom"], 7, BOTS, "ROOM", SEATS).splitlines()
    return json.loads(lines[0]), lines[1:]


def with_bot_in(at: int) -> Verified:
    """The game with the teacher's planner put in for Washington after entry `at`, as the
    server records it (the header lists the bot)."""
    head, entries = record()
    head["bots"] = {"washington": "planner"}
    stamp = json.loads(entries[at - 1])["at"] + 1
    notice = {
        "type": "notice",
        "kind": "bot_in",
        "by": "ms_li",
        "at": stamp,
        "seat": "washington",
        "name": "planner",
    }
    text = with_entries(head, entries, at, [{"notice": notice}], stamp)
    return verify(read_record(text, "ROOM"))


def test_a_side_played_by_students_before_a_bot_was_put_in_is_timed() -> None:
    plain = verify(read_record(seeded_game(RULES["classroom"], 7, BOTS, "ROOM", SEATS), "ROOM"))
    at = hand_bounds(plain)[1][1]  # the bot comes in after hand 2
    game = with_bot_in(at)
    washington = [d for d in decisions(game) if d.by == "washington"]
    before = [d for d in washington if d.n <= at]
    after = [d for d in washington if d.n > at + 1]
    assert before and after
    assert not any(d.bot for d in before)
    assert all(d.bot for d in after)

    found = debrief([game])
    timed = found["timing"]["sides"]["washington"]
    assert timed["timed"] == len([d for d in before if d.took_ms is not None])
    assert timed["median_ms"] is not None
    assert found["rooms"][0]["timing"]["washington"]["median_ms"] is not None
    assert game_rows([game])[0]["median_s_washington"] != ""


def test_the_events_csv_gives_a_bots_moves_to_the_bot_not_to_the_student_it_stood_in_for() -> None:
    plain = verify(read_record(seeded_game(RULES["classroom"], 7, BOTS, "ROOM", SEATS), "ROOM"))
    at = hand_bounds(plain)[1][1]
    game = with_bot_in(at)
    rows = [r for r in event_rows([game]) if r["entry"] == "command" and r["seat"] == "washington"]
    before = {r["name"] for r in rows if r["n"] <= at}
    after = {r["name"] for r in rows if r["n"] > at + 1}
    assert before == {"Ada"}  # she still holds the seat: the header names her
    assert after == {"bot:planner"}
    assert {
        r["name"] for r in event_rows([game]) if r["seat"] == "beijing" and r["entry"] == "command"
    } == {"Bo"}
