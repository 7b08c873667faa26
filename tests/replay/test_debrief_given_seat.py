"""The debrief of a room outside a class whose seat the teacher gave from Cy to Dana: it named only
"Beijing: Dana" (the header's last holder) though the replay shows Cy → Dana. Each room now says
who held a seat before its last holder, as the replay reads the log (server/replay/holders.py)."""

from __future__ import annotations

from recordkit import RULES, seeded_game

from server.protocol import Entry
from server.replay.debrief import debrief
from server.replay.record import header_for, read_record, write_record
from server.replay.verify import verify

CLASSROOM = RULES["classroom"]


def test_a_seat_given_to_another_names_both() -> None:
    bots = {"washington": "planner_classic", "beijing": "tit_for_tat"}
    text = seeded_game(CLASSROOM, 7, bots, "AAAA", {"washington": "Ada", "beijing": "Cy"})
    entries = list(read_record(text, "AAAA").entries)
    notice: dict[str, object] = {"type": "notice", "kind": "reassigned", "by": "ms_li"}
    notice |= {"seat": "beijing"}
    notice |= {"name": "Dana", "previous": "Cy", "at": 1}
    given = Entry.model_validate({"n": 0, "notice": notice, "at": entries[9].at})
    made = [*entries[:10], given, *entries[10:]]
    lines = [e.model_copy(update={"n": i}).model_dump_json() for i, e in enumerate(made, 1)]
    header = header_for("AAAA", CLASSROOM, lines, {"washington": "Ada", "beijing": "Dana"}, {})
    room = verify(read_record(write_record(header, lines), "AAAA"))
    (found,) = debrief([room])["rooms"]
    assert found["seats"] == {"washington": "Ada", "beijing": "Dana"}
    assert found["given_from"] == {"beijing": ["Cy"]}
    # a class's student credited in earlier_seats is not named twice
    held = [{"student": "s1", "name": "Cy", "room": "AAAA", "seat": "beijing", "until": 11}]
    (again,) = debrief([room], None, held)["rooms"]
    assert [p["name"] for p in again["earlier_seats"]] == ["Cy"]
    assert again["given_from"] == {}
