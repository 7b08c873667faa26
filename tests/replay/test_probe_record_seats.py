"""A record edited to seat someone at a seat its rules do not have ("moscow", a bot playing
"moscow", "washington:spy") was read, verified ("OK") and imported, and the replay page named the
player "Ivan (side_moscow)", a text id. It is refused at line 1, as other edits of the header
are; a side and a team role of it are seats."""

from __future__ import annotations

import json

import pytest
from recordkit import RULES, bot_game

from server.replay.record import RecordError, read_record


def _with(seats: dict[str, str], bots: dict[str, str]) -> str:
    header, *entries = bot_game(RULES["intro"], 6)[0].splitlines()
    head = json.loads(header)
    head["seats"], head["bots"] = seats, bots
    return "\n".join([json.dumps(head), *entries]) + "\n"


@pytest.mark.parametrize(
    ("seats", "bots", "wrong"),
    [
        ({"washington": "Ada", "moscow": "Ivan"}, {}, "moscow"),
        ({"washington": "Ada"}, {"moscow": "hawk"}, "moscow"),
        ({"washington:spy": "Ada", "beijing": "Bo"}, {}, "washington:spy"),
    ],
)
def test_a_seat_the_rules_lack_is_refused(
    seats: dict[str, str], bots: dict[str, str], wrong: str
) -> None:
    with pytest.raises(RecordError) as refused:
        read_record(_with(seats, bots), "edited.jsonl")
    assert str(refused.value).startswith(f"edited.jsonl:1: the header seats someone at {wrong!r}")


def test_sides_and_team_roles_are_seats() -> None:
    seats = {"washington:treasury": "Ada", "washington:president": "Cy", "beijing": "Bo"}
    record = read_record(_with(seats, {"beijing": "hawk"}), "kept.jsonl")
    assert record.header.seats == seats
