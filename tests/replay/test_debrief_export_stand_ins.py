"""The debrief's exports name the bots that stood in for a side's players during the game, and
the people who held a seat before its last holder. A record's header names only the bots playing
at the end and each seat's last holder: a game where the teacher put a bot in for Washington,
then gave its seat to Ivy Lee (the bot stepping aside) and later to 王小明, had an empty `bots`
cell and an empty `earlier_washington` in the games CSV, and `"bots": {}` in the JSON, though
the debrief page itself named "Ivy Lee → 王小明"."""

from __future__ import annotations

import json
from typing import Any

from recordkit import RULES, seeded_game, with_entries

from server.protocol import Notice
from server.replay.debrief import debrief
from server.replay.debrief_export import export_json, game_rows, games_csv
from server.replay.debrief_paths import hand_bounds
from server.replay.record import read_record
from server.replay.told import control_line
from server.replay.verify import Verified, verify

BOTS = {"washington": "planner_classic", "beijing": "tit_for_tat"}
SEATS = {"washington": "Ada", "beijing": "Bo"}


def notice(kind: str, **fields: Any) -> dict[str, Any]:
    return {"notice": {"type": "notice", "kind": kind, "by": "ms_li", "at": 0, **fields}}


def inserted(text: str, at: int, said: list[dict[str, Any]]) -> str:
    lines = text.splitlines()
    head = json.loads(lines[0])
    stamp = json.loads(lines[at])["at"] + 1
    for one in said:
        one["notice"]["at"] = stamp
    return with_entries(head, lines[1:], at, said, stamp)


def game() -> Verified:
    """Ada plays Washington for a hand; the teacher puts a bot in for her, gives the seat to
    Ivy Lee (the bot steps aside), and after another hand to 王小明, who ends the game."""
    text = seeded_game(RULES["classroom"], 7, BOTS, "ROOM", SEATS)
    plain = verify(read_record(text, "ROOM"))
    first, second = hand_bounds(plain)[0][1], hand_bounds(plain)[1][1]
    head = json.loads(text.splitlines()[0])
    head["bots"] = {}  # none at the end: the header's
    head["seats"] = {"washington": "王小明", "beijing": "Bo"}
    text = "\n".join([json.dumps(head), *text.splitlines()[1:]]) + "\n"
    text = inserted(
        text,
        second,
        [notice("reassigned", seat="washington", name="王小明", previous="Ivy Lee")],
    )
    back = notice("bot_out", seat="washington", reason="player_back", back=["washington"])
    back["notice"].update(by="system", name="Ivy Lee")
    text = inserted(
        text,
        first,
        [
            notice("bot_in", seat="washington", name="planner_easy"),
            notice("reassigned", seat="washington", name="Ivy Lee", previous="Ada"),
            back,
        ],
    )
    return verify(read_record(text, "ROOM"))


def test_the_games_export_names_the_bot_that_stood_in_and_the_earlier_holders() -> None:
    played = game()
    assert debrief([played])["rooms"][0]["given_from"] == {"washington": ["Ada", "Ivy Lee"]}
    row = game_rows([played])[0]
    assert row["bots"] == "washington=planner_easy"
    assert row["earlier_washington"] == "Ada; Ivy Lee; bot:planner_easy"
    assert row["earlier_beijing"] == ""
    assert "washington=planner_easy" in games_csv([played])
    document = export_json([played])
    assert document["debrief"]["rooms"][0]["stand_ins"] == {"washington": ["planner_easy"]}
    assert document["games"][0]["bots"] == "washington=planner_easy"


def test_the_replay_words_name_who_took_the_seat_from_the_bot() -> None:
    """`brink replay` said "Washington's player is back" of a player given the seat since."""
    rules = RULES["classroom"]
    given = Notice(kind="bot_out", by="system", seat="washington", name="Ivy Lee")
    back = Notice(kind="bot_out", by="system", seat="washington")
    assert control_line(rules, given, "en") == (
        "⚙ Ivy Lee takes the seat for Washington: the bot steps aside."
    )
    assert control_line(rules, back, "en") == "⚙ Washington's player is back: the bot steps aside."
    assert control_line(rules, given, "zh") == "⚙ Ivy Lee 接手華盛頓的座位：電腦讓位。"
