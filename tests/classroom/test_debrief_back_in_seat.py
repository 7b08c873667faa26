"""A student who leaves a seat and comes back is named once in the debrief and its exports. The
debrief listed every seat a class's student left (`earlier_seats`) beside the room's last
players: Ada, moved out of Washington in Room 1 and back again, was its last player *and*
"Ada (hand 1, then moved)"; moved out twice, she was listed twice. Now a room's earlier players
are those who are not among its side's last ones, each once (their parts summed), and the events
CSV still gives every command to whoever held its seat then."""

from __future__ import annotations

import csv
import io
from typing import Any

from recordkit import RULES, seeded_game

from server.replay.debrief import debrief
from server.replay.debrief_export import events_csv, game_rows
from server.replay.debrief_moves import decisions
from server.replay.debrief_paths import hand_bounds
from server.replay.record import read_record
from server.replay.verify import Verified, verify

BOTS = {"washington": "planner_classic", "beijing": "tit_for_tat"}


def room(code: str, washington: str) -> Verified:
    seats = {"washington": washington, "beijing": "Bo"}
    return verify(read_record(seeded_game(RULES["classroom"], 7, BOTS, code, seats), code))


def left(name: str, student: str, code: str, until: int) -> dict[str, Any]:
    return {"student": student, "name": name, "room": code, "seat": "washington", "until": until}


def washington_commands(game: Verified) -> list[int]:
    return [m.n for m in decisions(game) if m.seat == "washington"]


def test_a_student_back_in_her_seat_is_named_once() -> None:
    game = room("ROOM", "Ada")  # Ada ends the game at Washington
    bounds = hand_bounds(game)
    assert len(bounds) >= 3
    one, two = bounds[0][1], bounds[1][1]  # Ada plays hand 1, Cy hand 2, Ada from hand 3
    held = [left("Ada", "s1", "ROOM", one), left("Cy", "s3", "ROOM", two)]

    found = debrief([game], None, held)["rooms"][0]
    assert found["seats"]["washington"] == "Ada"
    assert [p["name"] for p in found["earlier_seats"]] == ["Cy"]
    assert found["earlier_seats"][0]["hands"] == [2, 2]

    row = game_rows([game], None, held)[0]
    assert row["washington"] == "Ada"
    assert row["earlier_washington"].startswith("Cy (hand 2, ")
    assert "Ada" not in row["earlier_washington"]

    events = list(csv.DictReader(io.StringIO(events_csv([game], None, held))))
    names = {int(r["n"]): r["name"] for r in events if r["entry"] == "command"}
    for n in washington_commands(game):
        assert names[n] == ("Cy" if one < n <= two else "Ada"), n


def test_a_student_moved_out_twice_is_listed_once_with_both_parts() -> None:
    game = room("ROOM", "Di")  # Di ends the game; Ada held Washington in hands 1 and 3
    bounds = hand_bounds(game)
    ends = [last for _, last in bounds[:3]]
    held = [
        left("Ada", "s1", "ROOM", ends[0]),
        left("Cy", "s3", "ROOM", ends[1]),
        left("Ada", "s1", "ROOM", ends[2]),
    ]
    mine = washington_commands(game)

    earlier = debrief([game], None, held)["rooms"][0]["earlier_seats"]
    assert [p["name"] for p in earlier] == ["Ada", "Cy"]
    ada, cy = earlier
    assert ada["hands"] == [1, 3]
    ada_moves = [n for n in mine if n <= ends[0] or ends[1] < n <= ends[2]]
    assert ada["decisions"] == len(ada_moves)
    assert cy["hands"] == [2, 2]

    told = game_rows([game], None, held)[0]["earlier_washington"]
    assert told.count("Ada") == 1, told
    assert told.startswith("Ada (hands 1-3, "), told
