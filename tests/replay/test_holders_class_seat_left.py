"""A class's Move (or removal) out of a seat is told by the log itself: `seat_left` with the
student moved out, so `brink replay FILE` — a record carries no class data — names them where
they left (a record of a class game where a student was moved after a bot's hand-back listed the
one moved in before the bot, and never the one moved out). The web replay reads the class's
record of the move too (`held`): one move, logged and kept by the class, is one leave, not two
(the student was named again after whoever the seat was given to). Pure: server/replay/holders.py.
"""

from __future__ import annotations

from typing import Any

from recordkit import RULES

from server.protocol import Entry
from server.replay.holders import seat_holders
from server.replay.record import header_for

VICE = "beijing:vice_premier"
SEATS = {
    "washington:president": "Pia",
    "beijing:leader": "Wang Lee",
    VICE: "Maximiliano",
}


def _notice(n: int, kind: str, seat: str, **more: Any) -> Entry:
    notice = {"type": "notice", "kind": kind, "by": "ms_li", "seat": seat, "at": n, **more}
    return Entry.model_validate({"n": n, "notice": notice, "at": n})


def _moved_after_the_hand_back(left_at: int) -> list[Entry]:
    # both Beijing players dropped, a bot stood in, the Leader came back and it handed back
    # to him alone; then the teacher moved Maximiliano into Student 2's seat
    return [
        _notice(20, "bot_in", "beijing", name="planner_easy"),
        _notice(30, "bot_out", "beijing", back=["beijing:leader"]),
        _notice(left_at, "seat_left", VICE, name="Student 2", by="system"),
    ]


HELD = [{"student": "s2", "name": "Student 2", "room": "ROOM", "seat": VICE, "until": 40}]
IN_ORDER = [{"name": "Student 2"}, {"bot": "planner_easy"}, {"name": "Maximiliano"}]


def test_the_record_alone_names_the_student_moved_out() -> None:
    header = header_for("ROOM", RULES["classroom"], [], SEATS, {})
    holders = seat_holders(header, _moved_after_the_hand_back(41))
    assert holders[VICE] == IN_ORDER
    assert holders["beijing:leader"] == [
        {"name": "Wang Lee"},
        {"bot": "planner_easy"},
        {"name": "Wang Lee"},
    ]


def test_a_move_the_log_and_the_class_both_keep_is_one_leave() -> None:
    header = header_for("ROOM", RULES["classroom"], [], SEATS, {})
    for left_at in (41, 40, 39):  # logged after the class read the room's position, or before
        holders = seat_holders(header, _moved_after_the_hand_back(left_at), HELD)
        assert holders[VICE] == IN_ORDER, (left_at, holders[VICE])


def test_a_class_move_the_log_does_not_tell_is_still_read() -> None:
    """A log from before the class's moves were logged: the class's record alone tells it."""
    header = header_for("ROOM", RULES["classroom"], [], SEATS, {})
    entries = _moved_after_the_hand_back(41)[:2]
    assert seat_holders(header, entries, HELD)[VICE] == IN_ORDER


def test_a_later_leave_of_the_same_student_is_not_taken_for_the_move() -> None:
    """Student 2 moved out at 40 (the class's record only: an older log), Cy held the seat,
    Student 2 came back and gave it up herself at 60: two leaves, both read."""
    header = header_for("ROOM", RULES["classroom"], [], SEATS, {})
    entries = [_chat(45, "Cy"), _chat(50, "Student 2")]
    entries.append(_notice(60, "seat_left", VICE, name="Student 2", by="system"))
    assert seat_holders(header, entries, HELD)[VICE] == [
        {"name": "Student 2"},
        {"name": "Cy"},
        {"name": "Student 2"},
        {"name": "Maximiliano"},
    ]


def _chat(n: int, name: str) -> Entry:
    chat = {"type": "chat_line", "seat": VICE, "name": name, "text": "hi"}
    return Entry.model_validate({"n": n, "chat": chat, "at": n})


def test_a_student_moved_in_and_straight_out_again_is_named_once_in_order() -> None:
    """Student 2 moved out (the log's seat_left at 11, a no_seat pause at 12), Bo moved in and
    out again before playing anything (the class records him leaving at Student 2's 10: he held
    nothing; the log's seat_left at 14), Student 2 moved back. The seat's own bookkeeping between
    a class's leave and the log's (the other leave, the pause, the resume) is not something from
    the seat: Bo's two leaves are one. It read Bo, Student 2, Bo, Student 2."""
    seats = {**SEATS, VICE: "Student 2"}
    header = header_for("ROOM", RULES["classroom"], [], seats, {})
    entries = [
        _notice(11, "seat_left", VICE, name="Student 2", by="system"),
        _notice(12, "paused", VICE, reason="no_seat", by="system"),
        _notice(13, "resumed", "", reason="seat_taken", by="system"),
        _notice(14, "seat_left", VICE, name="Bo", by="system"),
        _notice(15, "paused", VICE, reason="no_seat", by="system"),
    ]
    held = [
        {"student": "s2", "name": "Student 2", "room": "ROOM", "seat": VICE, "until": 10},
        {"student": "bo", "name": "Bo", "room": "ROOM", "seat": VICE, "until": 10},
    ]
    assert seat_holders(header, entries, held)[VICE] == [
        {"name": "Student 2"},
        {"name": "Bo"},
        {"name": "Student 2"},
    ]
