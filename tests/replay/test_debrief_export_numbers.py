"""The debrief's exports carry a class's room numbers ("Room 2" on its dashboard) in a
`room_number` column after the room's code; rooms outside a class leave it empty. The exports
had the codes alone, and a teacher's spreadsheet could not be matched to Room 1, Room 2."""

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


def game(code: str) -> Verified:
    bots = {"washington": "dove", "beijing": "hawk"}
    return verify(read_record(seeded_game(RULES["classroom"], 5, bots, code), code))


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_class_s_exports_number_its_rooms_after_their_codes() -> None:
    games = [game("AAAA"), game("BBBB")]
    numbers = {"AAAA": 1, "BBBB": 2}
    assert GAME_COLUMNS[:2] == EVENT_COLUMNS[:2] == ["room", "room_number"]
    rows = parse(games_csv(games, numbers))
    assert [(r["room"], r["room_number"]) for r in rows] == [("AAAA", "1"), ("BBBB", "2")]
    events = parse(events_csv(games, numbers))
    assert {(r["room"], r["room_number"]) for r in events} == {("AAAA", "1"), ("BBBB", "2")}
    document = json.loads(json.dumps(export_json(games, None, "CLASS1", numbers)))
    assert [g["room_number"] for g in document["games"]] == [1, 2]
    assert document["events"][-1]["room_number"] == 2


def test_rooms_outside_a_class_have_no_number() -> None:
    games = [game("AAAA")]
    assert [r["room_number"] for r in parse(games_csv(games))] == [""]
    assert {r["room_number"] for r in parse(events_csv(games))} == {""}
    assert export_json(games)["games"][0]["room_number"] is None
