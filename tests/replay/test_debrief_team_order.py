"""A team's members are named in the order the rules list its roles, whoever joined first: a
tester's debrief and games CSV read "Washington: Bo Li; Ada Lovelace" — Treasury before
President, the order they sat down. The record's header keeps the seats in the rules' order, and
the debrief puts a record kept before in that order too."""

from __future__ import annotations

from recordkit import RULES, seeded_game

from server.replay.debrief import debrief
from server.replay.debrief_export import game_rows
from server.replay.record import Header, in_seat_order, read_record, write_record
from server.replay.verify import verify

RULES_ = RULES["full_2025"]
JOINED = {  # the order they joined: Treasury, Beijing's Commerce, President, Beijing's leader
    "washington:treasury": "Bo Li",
    "beijing:commerce_ministry": "Cy",
    "washington:president": "Ada Lovelace",
    "beijing:leader": "Dee",
}


def test_the_rules_order_not_the_joining_order() -> None:
    roles = {side: [r.id for r in spec.roles] for side, spec in RULES_.spec.sides.items()}
    assert roles["washington"][:2] == ["president", "treasury"], roles
    ordered = list(in_seat_order(RULES_, {**JOINED, "beijing": "Eve", "odd": "Zed"}))
    w = [s for s in ordered if s.startswith("washington")]
    assert w == ["washington:president", "washington:treasury"]
    assert ordered.index("beijing") < ordered.index("beijing:leader")
    assert ordered.index("beijing:leader") < ordered.index("beijing:commerce_ministry")
    assert ordered[-1] == "odd"


def test_the_debrief_and_its_csv_name_a_team_in_the_rules_order() -> None:
    text = seeded_game(RULES_, 3, {"washington": "hawk", "beijing": "dove"}, "AAAA", JOINED)
    record = read_record(text, "AAAA")
    assert list(record.header.seats)[:1] == ["washington:president"]  # kept so from now on
    # a record kept before, its seats in the joining order: put in order when read
    head = record.header.model_dump()
    head["seats"] = JOINED
    old = write_record(Header.model_validate(head), [e.model_dump_json() for e in record.entries])
    verified = verify(read_record(old, "AAAA"))
    assert list(verified.record.header.seats) == list(JOINED)
    (room,) = debrief([verified])["rooms"]
    assert [n for s, n in room["seats"].items() if s.startswith("washington")] == [
        "Ada Lovelace",
        "Bo Li",
    ]
    (row,) = game_rows([verified])
    assert row["washington"] == "Ada Lovelace; Bo Li"
