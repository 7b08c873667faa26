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
    utc,
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
                detail = json.loads(row["detail"])
                detail.pop("number", None)  # a deal's (test_deals_are_numbered_in_the_order_struck)
                assert detail == entry.event.model_dump(mode="json", exclude={"type"})
            state = verified.states[entry.n]
            assert int(row["tariff_on_china"]) == state.vars["tariff_on_china"]
        assert mine[-1]["type"] == "game_ended"
        assert mine[0]["time_utc"] == "2023-11-14T22:13:20Z"


def test_deals_are_numbered_in_the_order_struck() -> None:
    """A deal's events carry its `number` (1, 2, … as struck) beside its `deal`, the accepted
    proposal's id, which is no number a teacher saw: this game's deals are 2, 4 and 6."""
    text = seeded_game(CLASSROOM, 11, {"washington": "dove", "beijing": "planner_classic"}, "CCCC")
    rows = parse(events_csv([verify(read_record(text, "CCCC"))]))
    deals = [json.loads(r["detail"]) | {"type": r["type"]} for r in rows if "deal" in r["type"]]
    struck = [(d["deal"], d["number"]) for d in deals if d["type"] == "deal_struck"]
    assert struck == [(2, 1), (4, 2), (6, 3)]
    broken = next(d for d in deals if d["type"] == "deal_broken")
    assert (broken["deal"], broken["number"]) == (6, 3)


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


def _waiting(text: str, after: int, made: int, wait_ms: int, shift_ms: int) -> str:
    """The record with a room waiting for its players after its first `after` entries, from
    `made` (ms) for `wait_ms`, as a live room logs it; its later entries `shift_ms` later."""
    header, *entries = text.splitlines()
    head = json.loads(header)
    waits = [("paused", "waiting_for_players", made), ("resumed", "seats_filled", made + wait_ms)]
    notices = [
        {
            "n": after + i + 1,
            "notice": {"type": "notice", "kind": k, "reason": r, "at": at},
            "at": at,
        }
        for i, (k, r, at) in enumerate(waits)
    ]
    later = []
    for line in entries[after:]:
        entry = json.loads(line)
        entry["n"] += len(notices)
        entry["at"] += shift_ms
        later.append(json.dumps(entry))
    head["entries"] += len(notices)
    return "\n".join([json.dumps(head), *entries[:after], *map(json.dumps, notices), *later])


def test_a_game_s_duration_is_from_its_start_and_the_wait_for_its_players_is_apart() -> None:
    text = seeded_game(CLASSROOM, 5, {"washington": "dove", "beijing": "hawk"}, "WAIT")
    entries = [json.loads(line) for line in text.splitlines()[1:]]
    start = next(i for i, e in enumerate(entries) if i and e["command"])  # after its events
    made = entries[0]["at"]
    played = entries[-1]["at"] - made
    waited = verify(read_record(_waiting(text, start, made, 600_000, 600_000), "WAIT"))
    # a "what if" of it from step `step`: a day later, a room that waits 5 minutes, then plays
    step = next(i for i, e in enumerate(entries) if i >= 40 and e["command"])
    fork = json.loads(text.splitlines()[0]) | {"forked_from": {"code": "WAIT", "step": step}}
    forked_text = "\n".join([json.dumps(fork), *text.splitlines()[1:]])
    day = 86_400_000
    at = entries[step - 1]["at"] + day
    forked = verify(read_record(_waiting(forked_text, step, at, 300_000, day + 300_000), "FORK"))
    rows = parse(games_csv([waited, forked]))
    assert rows[0]["duration_s"] == str(round(played / 1000))  # not the 10 minutes' wait
    assert rows[0]["waited_s"] == "600"
    own = entries[-1]["at"] - entries[step - 1]["at"]  # the fork's own moves
    assert (rows[1]["duration_s"], rows[1]["waited_s"]) == (str(round(own / 1000)), "300")
    document = export_json([waited])
    shown = document["debrief"]["rooms"][0]
    assert (shown["duration_ms"], shown["waited_ms"]) == (played, 600_000)
    assert document["games"][0]["duration_s"] == round(played / 1000)
    # a game that never waited: from its first entry, and no wait
    plain = parse(games_csv([verify(read_record(text, "WAIT"))]))[0]
    assert (plain["duration_s"], plain["waited_s"]) == (str(round(played / 1000)), "0")


def test_a_time_no_calendar_holds_is_left_blank() -> None:
    """An imported record's entries carry whatever times it was given (`at` 10**40): the export
    leaves such a time blank rather than fail (a 500 for the whole debrief's CSV)."""
    assert utc(1_700_000_000_000) == "2023-11-14T22:13:20Z"
    assert utc(None) == ""
    for far in (10**40, -(10**40), 10**17):
        assert utc(far) == "", far
