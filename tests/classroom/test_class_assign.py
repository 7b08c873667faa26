"""Assigning students to rooms and seats (server/classroom/assign.py): pure, so tested alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.classroom.assign import (
    AssignError,
    Table,
    deal,
    empty_sides,
    move,
    place,
    room_sizes,
    side_of,
    side_seats,
    table_of,
)

ROLES = {
    "washington": ["president", "treasury", "commerce"],
    "beijing": ["leader", "vice_premier", "commerce_ministry"],
}


def test_one_student_a_side_takes_the_whole_side() -> None:
    assert side_seats(ROLES, 1) == {"washington": ["washington"], "beijing": ["beijing"]}


def test_teams_take_the_first_roles_in_the_scenarios_order() -> None:
    seats = side_seats(ROLES, 2)
    assert seats == {
        "washington": ["washington:president", "washington:treasury"],
        "beijing": ["beijing:leader", "beijing:vice_premier"],
    }


def test_a_team_larger_than_the_roles_is_refused() -> None:
    with pytest.raises(AssignError) as refused:
        side_seats({"washington": ["a"], "beijing": ["b", "c"]}, 2)
    assert refused.value.code == "bad_team"
    with pytest.raises(AssignError):
        side_seats(ROLES, 4)


def test_six_students_one_a_side_make_three_rooms_of_two() -> None:
    tables = deal(["a", "b", "c", "d", "e", "f"], side_seats(ROLES, 1))
    assert tables == [
        {"washington": "a", "beijing": "b"},
        {"washington": "c", "beijing": "d"},
        {"washington": "e", "beijing": "f"},
    ]


def test_an_odd_student_leaves_a_side_for_a_bot() -> None:
    tables = deal(["a", "b", "c", "d", "e"], side_seats(ROLES, 1))
    assert [len(t) for t in tables] == [2, 2, 1]
    assert tables[2] == {"washington": "e"}
    assert empty_sides(tables[2]) == ["beijing"]
    assert empty_sides(tables[0]) == []


def test_teams_are_balanced_across_rooms_and_sides() -> None:
    # 7 students in teams of 3: two rooms, 4 and 3, each split 2:2 and 2:1
    tables = deal([f"s{i}" for i in range(7)], side_seats(ROLES, 3))
    assert [len(t) for t in tables] == [4, 3]
    assert sorted(tables[1]) == ["beijing:leader", "washington:president", "washington:treasury"]


@given(st.integers(min_value=1, max_value=200), st.integers(min_value=1, max_value=3))
def test_room_sizes_hold_everyone_in_as_few_rooms_as_possible(n: int, team: int) -> None:
    sizes = room_sizes(n, team)
    assert sum(sizes) == n
    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) <= 2 * team
    assert len(sizes) == -(-n // (2 * team))


@given(st.integers(min_value=1, max_value=120), st.integers(min_value=1, max_value=3))
def test_every_student_gets_one_seat_and_sides_differ_by_at_most_one(n: int, team: int) -> None:
    students = [f"s{i}" for i in range(n)]
    seats = side_seats(ROLES, team)
    tables = deal(students, seats)
    seated = [who for table in tables for who in table.values()]
    assert sorted(seated) == sorted(students)
    for table in tables:
        west = sum(1 for seat in table if side_of(seat) == "washington")
        east = len(table) - west
        assert 0 <= west - east <= 1
        # a side's seats are filled in role order: the first role (final say) first
        for side in ("washington", "beijing"):
            taken = [seat for seat in seats[side] if seat in table]
            assert taken == seats[side][: len(taken)]


def _tables(*rooms: dict[str, str], started: bool = False, team: int = 1) -> list[Table]:
    seats = side_seats(ROLES, team)
    return [Table(seats=table_of(seats, room), started=started) for room in rooms]


def test_newcomers_fill_rooms_one_after_the_other() -> None:
    tables = _tables({"washington": "a", "beijing": "b"}, {"washington": "c"}, {})
    assert place(tables) == (1, "beijing")
    assert place(_tables({"washington": "a", "beijing": "b"})) is None


def test_a_newcomer_never_takes_a_side_a_bot_plays() -> None:
    tables = _tables({"washington": "a"})
    tables[0].bots = {"beijing"}
    assert place(tables) is None


def test_late_joiners_join_a_team_in_play_the_emptiest_room_first() -> None:
    full = {"washington:president": "a", "washington:treasury": "b", "beijing:leader": "c"}
    thin = {"washington:president": "d", "beijing:leader": "e"}
    tables = _tables(full, thin, started=True, team=2)
    assert place(tables) == (1, "washington:treasury")
    # a side nobody plays is not joined halfway through a game: a new room instead
    lone = _tables({"washington": "a"}, started=True)
    assert place(lone) is None


def test_moving_into_a_taken_seat_swaps_the_two_students() -> None:
    tables = _tables({"washington": "a", "beijing": "b"}, {"washington": "c", "beijing": "d"})
    assert move(tables, "a", 1, "beijing") == {"a": (1, "beijing"), "d": (0, "washington")}
    assert move(tables, "a", 1, "washington") == {"a": (1, "washington"), "c": (0, "washington")}
    assert move(tables, "a", 0, "washington") == {}


def test_moves_that_cannot_be_made_are_refused_with_a_code() -> None:
    tables = _tables({"washington": "a"}, {"washington": "c"})
    tables[1].bots = {"beijing"}
    with pytest.raises(AssignError) as bot:
        move(tables, "a", 1, "beijing")
    assert bot.value.code == "bot_seat"
    with pytest.raises(AssignError) as room:
        move(tables, "a", 5, "beijing")
    assert room.value.code == "bad_room"
    with pytest.raises(AssignError) as seat:
        move(tables, "a", 0, "beijing:leader")
    assert seat.value.code == "bad_seat"
    tables[1].finished = True
    with pytest.raises(AssignError) as over:
        move(tables, "a", 1, "washington")
    assert over.value.code == "room_over"


def test_a_student_moved_into_the_seat_of_one_with_no_seat_leaves_them_unseated() -> None:
    tables = _tables({"washington": "a"})
    assert move(tables, "z", 0, "washington") == {"z": (0, "washington"), "a": (-1, "")}
