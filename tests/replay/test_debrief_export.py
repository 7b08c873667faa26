"""The debrief's exports: CSV one row per entry and one row per game, and the JSON document."""

from __future__ import annotations

import csv
import io
import json

from recordkit import RULES, seeded_game

from server.replay.debrief_export import (
    EVENT_COLUMNS,
    GAME_COLUMNS,
    events_csv,
    export_json,
    games_csv,
)
from server.replay.record import read_record
from server.replay.verify import Verified, verify

CLASSROOM = RULES["classroom"]


def game(code: str, bots: tuple[str, str], seats: dict[str, str] | None = None) -> Verified:
    text = seeded_game(CLASSROOM, 5, {"washington": bots[0], "beijing": bots[1]}, code, seats)
    return verify(read_record(text, code))


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_entry_of_every_game() -> None:
    games = [game("AAAA", ("planner_classic", "dove")), game("BBBB", ("hawk", "tit_for_tat"))]
    rows = parse(events_csv(games))
    assert list(rows[0]) == EVENT_COLUMNS
    assert len(rows) == sum(len(g.record.entries) for g in games)
    for verified in games:
        code = verified.record.header.code
        mine = [r for r in rows if r["room"] == code]
        assert [int(r["n"]) for r in mine] == list(range(1, len(verified.record.entries) + 1))
        for row, entry in zip(mine, verified.record.entries, strict=True):
            assert int(row["at_ms"]) == entry.at
            kind = "command" if entry.command else "event" if entry.event else "chat"
            assert row["entry"] == kind
            if entry.event is not None:
                assert row["type"] == entry.event.type
                assert json.loads(row["detail"]) == entry.event.model_dump(
                    mode="json", exclude={"type"}
                )
            state = verified.states[entry.n]
            assert int(row["tariff_on_china"]) == state.vars["tariff_on_china"]
        assert mine[-1]["type"] == "game_ended"
        assert mine[0]["time_utc"] == "2023-11-14T22:13:20Z"


def test_one_row_per_game() -> None:
    games = [
        game("AAAA", ("planner_classic", "dove"), {"washington": "Ada", "beijing": "Bo"}),
        game("BBBB", ("hawk", "tit_for_tat"), {"washington": "Cy", "beijing": "Di"}),
    ]
    rows = parse(games_csv(games))
    assert list(rows[0]) == GAME_COLUMNS
    assert [r["room"] for r in rows] == ["AAAA", "BBBB"]
    for row, verified in zip(rows, games, strict=True):
        final = verified.final
        assert row["outcome"] == verified.record.header.outcome
        assert int(row["score_washington"]) == final.scores["washington"]
        assert int(row["score_beijing"]) == final.scores["beijing"]
        assert row["objective_beijing"] == final.hands["beijing"].objective
        assert int(row["hands"]) == final.round
        assert int(row["final_tariff_on_us"]) == final.vars["tariff_on_us"]
        assert int(row["decisions"]) == sum(
            1
            for e in verified.record.entries
            if e.command is not None and e.command.command.type != "start"
        )
    assert (rows[0]["washington"], rows[1]["beijing"]) == ("Ada", "Di")
    assert rows[0]["same_deal_as"] == "BBBB" and rows[1]["same_deal_as"] == "AAAA"


def test_a_name_that_looks_like_a_formula_is_not_one() -> None:
    sly = {"washington": '=HYPERLINK("http://x","y")', "beijing": "+1"}
    rows = parse(games_csv([game("AAAA", ("dove", "dove"), sly)]))
    assert rows[0]["washington"] == "'" + sly["washington"]
    assert rows[0]["beijing"] == "'+1"


def test_the_json_document_holds_the_debrief_the_games_and_the_events() -> None:
    games = [game("AAAA", ("planner_classic", "dove")), game("BBBB", ("hawk", "tit_for_tat"))]
    document = json.loads(json.dumps(export_json(games, class_code="CLASS1")))
    assert (document["format"], document["version"], document["class"]) == (
        "brinkmanship-debrief",
        1,
        "CLASS1",
    )
    assert document["rooms"] == ["AAAA", "BBBB"]
    assert [r["code"] for r in document["debrief"]["rooms"]] == ["AAAA", "BBBB"]
    assert len(document["games"]) == 2
    assert len(document["events"]) == sum(len(g.record.entries) for g in games)
