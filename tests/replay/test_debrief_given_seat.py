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


def test_a_last_holder_who_held_the_seat_before_is_named_at_each_turn() -> None:
    """Cy → Dana → Cy: the room's given_from read ["Dana"] (Cy, the last holder, was left out
    of the earlier ones too), and the screen "Beijing: Dana → Cy"."""
    bots = {"washington": "planner_classic", "beijing": "tit_for_tat"}
    text = seeded_game(CLASSROOM, 7, bots, "AAAA", {"washington": "Ada", "beijing": "Cy"})
    entries = list(read_record(text, "AAAA").entries)

    def given(name: str, previous: str, at: int) -> Entry:
        notice: dict[str, object] = {"type": "notice", "kind": "reassigned", "by": "ms_li"}
        notice |= {"seat": "beijing", "name": name, "previous": previous, "at": 1}
        return Entry.model_validate({"n": 0, "notice": notice, "at": entries[at].at})

    made = [*entries[:10], given("Dana", "Cy", 9), *entries[10:20], given("Cy", "Dana", 19)]
    made += entries[20:]
    lines = [e.model_copy(update={"n": i}).model_dump_json() for i, e in enumerate(made, 1)]
    header = header_for("AAAA", CLASSROOM, lines, {"washington": "Ada", "beijing": "Cy"}, {})
    room = verify(read_record(write_record(header, lines), "AAAA"))
    (found,) = debrief([room])["rooms"]
    assert found["given_from"] == {"beijing": ["Cy", "Dana"]}


def test_a_student_the_class_moved_out_before_playing_is_not_given_from() -> None:
    """A class's move logs `seat_left` (the record alone names the student moved out): one
    moved out before the first hand held nothing by the class's reckoning (earlier_seats lists
    them not), and is no earlier holder either."""
    bots = {"washington": "planner_classic", "beijing": "tit_for_tat"}
    text = seeded_game(CLASSROOM, 7, bots, "AAAA", {"washington": "Ada", "beijing": "Dana"})
    entries = list(read_record(text, "AAAA").entries)
    notice = {"type": "notice", "kind": "seat_left", "seat": "beijing", "name": "Cy", "at": 1}
    left = Entry.model_validate({"n": 0, "notice": notice, "at": entries[0].at})
    made = [entries[0], left, *entries[1:]]
    lines = [e.model_copy(update={"n": i}).model_dump_json() for i, e in enumerate(made, 1)]
    header = header_for("AAAA", CLASSROOM, lines, {"washington": "Ada", "beijing": "Dana"}, {})
    room = verify(read_record(write_record(header, lines), "AAAA"))
    (alone,) = debrief([room])["rooms"]
    assert alone["given_from"] == {"beijing": ["Cy"]}  # the log alone: Cy left the seat
    held = [{"student": "s1", "name": "Cy", "room": "AAAA", "seat": "beijing", "until": 1}]
    (found,) = debrief([room], None, held)["rooms"]
    assert found["earlier_seats"] == []
    assert found["given_from"] == {}
