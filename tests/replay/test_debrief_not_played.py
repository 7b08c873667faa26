"""A room whose game never started (its clock never ran: it waited for its players until the
instructor ended the game) is not played in the debrief, the games CSV and the JSON export as the
replay layer builds them from the log alone (no web layer): no winner, score, objective met,
hands nor decisions (the instructor's End was counted as "1 decision"), no timing, no turning
points, and no deal shared with the rooms that played the same deal."""

from __future__ import annotations

import csv
import io
import json

from recordkit import RULES, seeded_game

from server.bots import make_bot
from server.engine import apply, initial_state
from server.engine.commands import INSTRUCTOR, EndGame
from server.game.match import play_match
from server.live.rooms import event_entries
from server.protocol import Entry, Notice
from server.replay.debrief import debrief
from server.replay.debrief_export import export_json, games_csv
from server.replay.record import header_for, read_record, write_record
from server.replay.verify import Verified, verify
from server.ruleset.schema import SIDES

CLASSROOM = RULES["classroom"]
SEED = 7
MADE = 1_700_000_000_000


def played(code: str) -> Verified:
    bots = {"washington": "planner_classic", "beijing": "tit_for_tat"}
    return verify(read_record(seeded_game(CLASSROOM, SEED, bots, code), code))


def never_started(code: str, waited_ms: int = 600_000, ended: bool = True) -> Verified:
    """The record of a room dealt the same game (SEED) that waited for its players (Cy came,
    Beijing's never did) until the instructor ended it (or that waits still), as a live room
    logs it."""
    players = {side: make_bot("dove", side) for side in SIDES}
    seat, start = play_match(CLASSROOM, players, SEED).commands[0]  # the game's start
    assert start.type == "start"
    state, events = apply(CLASSROOM, initial_state(CLASSROOM), seat, start)
    entries = [e.model_dump_json() for e in event_entries(0, "system", start, events, at=MADE)]
    waits = Notice(kind="paused", by="system", reason="waiting_for_players", at=MADE)
    entries.append(Entry(n=len(entries) + 1, notice=waits, at=MADE).model_dump_json())
    if ended:
        end = EndGame()
        state, events = apply(CLASSROOM, state, INSTRUCTOR, end)
        made = event_entries(len(entries), "instructor", end, events, at=MADE + waited_ms)
        entries += [e.model_dump_json() for e in made]
    header = header_for(code, CLASSROOM, entries, {"washington": "Cy"}, {})
    assert (header.outcome is not None) == ended  # ended: scored by the engine as it stood
    return verify(read_record(write_record(header, entries), code))


def test_a_game_that_never_started_is_not_played_in_the_debrief() -> None:
    games = [played("AAAA"), never_started("GGGG"), played("BBBB")]
    found = debrief(games)
    rooms = {room["code"]: room for room in found["rooms"]}
    gone = rooms["GGGG"]
    assert gone["played"] is False and gone["over"] is True
    assert gone["outcome"] == "not_played"
    assert (gone["winner"], gone["scores"], gone["objectives_met"]) == (None, {}, {})
    assert gone["decisions"] == 0 and gone["hands"] == 0  # the instructor's End is none
    assert all(gone["timing"][side]["decisions"] == 0 for side in SIDES)
    assert gone["turning_points"] == []  # not even "the end"
    assert gone["duration_ms"] is None and gone["waited_ms"] == 600_000
    for code in ("AAAA", "BBBB"):
        assert rooms[code]["played"] is True and rooms[code]["outcome"] != "not_played"
        assert rooms[code]["scores"] and rooms[code]["decisions"] > 0
    assert found["outcomes"]["not_played"] == 1
    assert sum(found["outcomes"].values()) == 3
    # dealt the same game, but it played none of it: no "same deal", no choice to compare
    assert found["same_deal"] == [["AAAA", "BBBB"]]
    named = json.dumps(found["divergences"]) + json.dumps(found["timing"])
    assert "GGGG" not in named


def _rows(text: str) -> dict[str, dict[str, str]]:
    return {row["room"]: row for row in csv.DictReader(io.StringIO(text))}


def test_the_games_csv_and_the_json_mark_it_not_played_without_the_web() -> None:
    games = [played("AAAA"), never_started("GGGG")]
    row = _rows(games_csv(games))["GGGG"]
    assert row["outcome"] == "not_played"
    assert row["winner"] == row["score_washington"] == row["score_beijing"] == ""
    assert row["objective_washington_met"] == row["objective_beijing_met"] == ""
    assert (row["decisions"], row["timeouts"], row["hands"]) == ("0", "0", "0")
    assert row["median_s_washington"] == row["median_s_beijing"] == row["duration_s"] == ""
    assert row["same_deal_as"] == ""
    other = _rows(games_csv(games))["AAAA"]
    assert other["outcome"] != "not_played" and other["score_washington"] != ""
    document = json.loads(json.dumps(export_json(games, class_code="CLASS1")))
    game = next(g for g in document["games"] if g["room"] == "GGGG")
    assert (game["outcome"], game["winner"], game["decisions"]) == ("not_played", "", 0)
    room = next(r for r in document["debrief"]["rooms"] if r["code"] == "GGGG")
    assert (room["played"], room["outcome"], room["decisions"]) == (False, "not_played", 0)
    assert document["debrief"]["outcomes"]["not_played"] == 1


def test_a_room_that_waited_then_played_is_played() -> None:
    """The wait ended (every side seated: the `resumed` notice) and the game was played."""
    text = played("WAIT").record
    entries = [e.model_dump_json() for e in text.entries]
    start = next(i for i, e in enumerate(text.entries) if i and e.command is not None)
    at = text.entries[start - 1].at or MADE  # seated at once: the first move after it
    notices = [
        Notice(kind="paused", by="system", reason="waiting_for_players", at=at),
        Notice(kind="resumed", by="system", reason="seats_filled", at=at),
    ]
    waited = entries[:start] + [
        Entry(n=start + i + 1, notice=notice, at=at).model_dump_json()
        for i, notice in enumerate(notices)
    ]
    for line in entries[start:]:
        entry = json.loads(line)
        entry["n"] += len(notices)
        waited.append(json.dumps(entry))
    header = header_for("WAIT", CLASSROOM, waited, {"washington": "Ada"}, {})
    room = debrief([verify(read_record(write_record(header, waited), "WAIT"))])["rooms"][0]
    assert room["played"] is True and room["outcome"] not in (None, "not_played")
    assert room["decisions"] > 0 and room["scores"]


def test_a_room_still_waiting_is_not_played_yet_but_keeps_its_deal() -> None:
    """A class's debrief opened mid-session: the room waiting for Gus has played nothing, but may
    yet: it stays among the rooms dealt the same game (its row under Time per decision too)."""
    found = debrief([played("AAAA"), never_started("GGGG", ended=False)])
    waiting = found["rooms"][1]
    assert (waiting["played"], waiting["over"], waiting["outcome"]) == (False, False, "not_played")
    assert (waiting["winner"], waiting["scores"], waiting["decisions"]) == (None, {}, 0)
    assert found["same_deal"] == [["AAAA", "GGGG"]]
    assert found["divergences"] == []  # it chose nothing yet: nothing to set beside AAAA's
