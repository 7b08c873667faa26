"""Assigning a class's students to rooms and seats: pure functions, no I/O, no randomness of
their own (a shuffle is the caller's, with the class's seeded random).

A room has two sides; with a team size of 1 a student takes a whole side (seat `washington`),
with 2 or 3 the side's first roles in the scenario's order (`washington:president`, then
`washington:treasury`, …; the first role has the final say). The rules here:

- `deal`: a roster is dealt to as few rooms as hold it, the rooms' sizes differing by at most one,
  each room's students split between the sides (the extra one to Washington); a side with nobody
  is for a bot, if the class has bots.
- `place`: a student who arrives later goes to the first room still waiting for its players that
  has a seat free (rooms fill one after the other), else to a room in play whose side has people
  and a role free (the emptiest such room), else to a new room (None).
- `move`: the instructor moves a student to a seat; whoever sat there takes the student's old
  seat (a swap), and a side a bot plays cannot be taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from server.ruleset.schema import SIDES, Side


class AssignError(ValueError):
    """A placement that cannot be made: `code` is stable, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def side_seats(roles: Mapping[str, Sequence[str]], team: int) -> dict[Side, list[str]]:
    """Return each side's seats for a team of `team`: the side itself for one student, else its
    first `team` roles (`roles`: each side's role ids in the scenario's order)."""
    if not 1 <= team <= 3:
        raise AssignError("bad_team", f"a team is 1 to 3 students, not {team}")
    seats: dict[Side, list[str]] = {}
    for side in SIDES:
        if team == 1:
            seats[side] = [side]
            continue
        found = list(roles.get(side, ()))
        if len(found) < team:
            raise AssignError(
                "bad_team",
                f"{side} has {len(found)} roles in this scenario: teams of {team} need {team}",
            )
        seats[side] = [f"{side}:{role}" for role in found[:team]]
    return seats


def side_of(seat: str) -> Side:
    side = seat.split(":", 1)[0]
    if side not in SIDES:
        raise AssignError("bad_seat", f"no side in seat {seat!r}")
    return side


def room_sizes(students: int, team: int) -> list[int]:
    """Return how many students each room gets: as few rooms as hold them all, sizes differing
    by at most one, larger rooms first."""
    if students <= 0:
        return []
    per_room = 2 * team
    rooms = -(-students // per_room)
    base, extra = divmod(students, rooms)
    return [base + 1 if i < extra else base for i in range(rooms)]


def deal(students: Sequence[str], seats: Mapping[Side, Sequence[str]]) -> list[dict[str, str]]:
    """Return each room's seat -> student for `students` in this order (shuffle first for a
    random deal)."""
    team = len(seats["washington"])
    tables: list[dict[str, str]] = []
    at = 0
    for size in room_sizes(len(students), team):
        west = -(-size // 2)
        east = size - west
        table = dict(zip(seats["washington"][:west], students[at : at + west], strict=True))
        table.update(zip(seats["beijing"][:east], students[at + west : at + size], strict=True))
        tables.append(table)
        at += size
    return tables


def empty_sides(table: Mapping[str, str | None]) -> list[Side]:
    """Return the sides of a room where no student sits."""
    taken = {side_of(seat) for seat, student in table.items() if student}
    return [side for side in SIDES if side not in taken]


@dataclass(slots=True)
class Table:
    """A room as placing students sees it: who sits in each of its seats (every seat of both
    sides is a key), the sides bots play, and whether its game is under way (its clock started)
    or over."""

    seats: dict[str, str | None]
    bots: set[Side] = field(default_factory=set)
    started: bool = False
    finished: bool = False

    def free(self, side: Side) -> list[str]:
        """Return the side's free seats, in role order (none on a side a bot plays)."""
        if side in self.bots:
            return []
        return [seat for seat, who in self.seats.items() if who is None and side_of(seat) == side]

    def count(self, side: Side) -> int:
        return sum(1 for seat, who in self.seats.items() if who and side_of(seat) == side)

    def people(self) -> int:
        return sum(1 for who in self.seats.values() if who)


def table_of(
    seats: Mapping[Side, Sequence[str]], taken: Mapping[str, str]
) -> dict[str, str | None]:
    """Return a room's full seat map: every seat of both sides, with who sits there."""
    return {seat: taken.get(seat) for side in SIDES for seat in seats[side]}


def _best_seat(table: Table) -> str | None:
    """Return the seat a newcomer gets in `table`: on the side with fewer students (Washington
    on a tie), its first free role; None if the table has no free seat for a person."""
    sides = sorted(SIDES, key=lambda side: (table.count(side), SIDES.index(side)))
    for side in sides:
        free = table.free(side)
        if free:
            return free[0]
    return None


def place(tables: Sequence[Table]) -> tuple[int, str] | None:
    """Return (room index, seat) for a student who arrives now, or None for a new room."""
    for index, table in enumerate(tables):
        if table.started or table.finished:
            continue
        seat = _best_seat(table)
        if seat is not None:
            return index, seat
    best: tuple[int, int, str] | None = None
    for index, table in enumerate(tables):
        if table.finished or not table.started:
            continue
        for side in SIDES:
            # Join a team in play, never a side nobody plays (its player would come in cold
            # halfway through: the instructor can move someone there).
            if table.count(side) == 0:
                continue
            free = table.free(side)
            if free and (best is None or table.people() < best[0]):
                best = (table.people(), index, free[0])
    return None if best is None else (best[1], best[2])


def move(
    tables: Sequence[Table], student: str, to_table: int, to_seat: str
) -> dict[str, tuple[int, str]]:
    """Return where each affected student sits after moving `student` to `to_seat` of room
    `to_table`: the student, and whoever sat there (now in the student's old seat, if the
    student had one; else nowhere, shown by index -1)."""
    if not 0 <= to_table < len(tables):
        raise AssignError("bad_room", f"there is no room {to_table + 1}")
    target = tables[to_table]
    if to_seat not in target.seats:
        raise AssignError("bad_seat", f"room {to_table + 1} has no seat {to_seat}")
    if side_of(to_seat) in target.bots:
        raise AssignError("bot_seat", f"a bot plays {side_of(to_seat)} in room {to_table + 1}")
    if target.finished:
        raise AssignError("room_over", f"the game in room {to_table + 1} is over")
    old: tuple[int, str] | None = None
    for index, table in enumerate(tables):
        for seat, who in table.seats.items():
            if who == student:
                old = (index, seat)
    if old == (to_table, to_seat):
        return {}
    moved = {student: (to_table, to_seat)}
    other = target.seats[to_seat]
    if other is not None:
        moved[other] = old if old is not None else (-1, "")
    return moved
