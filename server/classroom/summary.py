"""One room of a class as the dashboard shows it: hand and phase, whose turn and since when,
tariffs, deals in force, each seat's holder and connection, whether the room is held up and by
whom, and when it is expected to end."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from server.classroom.assign import AssignError, side_seats
from server.classroom.classes import roles_of, to_start
from server.classroom.model import ClassSession, name_key
from server.classroom.period import expected_end
from server.engine import waiting_sides
from server.live import lifecycle
from server.live.rooms import WAITING, Room
from server.replay.visible import viewer_of
from server.ruleset.schema import SIDES

DIGITS = re.compile(r"(\d+)")


def tariffs(room: Room) -> dict[str, int]:
    """Return the room's tariffs (the percent variables named for a tariff), by variable."""
    variables = room.rules.spec.variables
    return {
        name: value
        for name, value in room.state.vars.items()
        if "tariff" in name
        and variables[name].kind == "percent"
        and variables[name].scope == "public"
    }


def seats_of(
    room: Room,
    session: ClassSession,
    names: dict[str, str],
    present: dict[str, int],
    left: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Return every seat that matters in the room: the class's students' seats, seats taken by
    anyone, the sides bots play, and, while its game goes on, the class's team seats nobody
    holds (`empty`: a student removed, say, whose seat the teacher may want to fill); each with
    its holder and whether they are connected. A student's seat they gave up themselves (the
    table's Leave: `left`, who gave each seat up last) and have not taken again is `left`: the
    class seats them there still, but nobody holds it."""
    left = left or {}
    students = session.in_room(room.code)
    found: dict[str, dict[str, Any]] = {}
    for side, bot in room.info.bots.items():
        found[side] = {"seat": side, "name": "", "student": None, "bot": bot, "here": True}
    for seat in [*students, *names]:
        if seat in found:
            continue
        student = session.students.get(students.get(seat, ""))
        found[seat] = {
            "seat": seat,
            "name": names.get(seat) or (student.name if student else ""),
            "student": student.id if student else None,
            "joined": bool(student and student.joined) if student else True,
            "taken": seat in names,
            "bot": None,
            "here": present.get(seat, 0) > 0,
        }
        if student and seat not in names and name_key(left.get(seat, "")) == name_key(student.name):
            found[seat]["left"] = True
    for seat in _team_seats(room, session):
        if seat not in found and viewer_of(seat) not in found:
            found[seat] = {
                "seat": seat,
                "name": "",
                "student": None,
                "joined": True,
                "taken": False,
                "bot": None,
                "here": False,
                "empty": True,
            }
    order: dict[str, int] = {side: at for at, side in enumerate(SIDES)}
    return sorted(found.values(), key=lambda s: (order.get(viewer_of(s["seat"]), 2), s["seat"]))


def _team_seats(room: Room, session: ClassSession) -> list[str]:
    """Return the seats of the class's teams in `room` (one of the class's, its game on)."""
    if room.code not in session.rooms or room.state.finished:
        return []
    try:
        by_side = side_seats(roles_of(room.rules), session.team)
    except AssignError:
        return []
    return [seat for seats in by_side.values() for seat in seats]


def held_up(room: Room, seats: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Return why the room is held up and by which seats, or None: waiting for its players
    (`not_started`: the teams' leads, whose seats its clock waits for, if any is missing),
    paused (`paused`, by whom; paused for a seat given up, `seats`: the students the class
    seats on that side whose pages have not taken it yet, moved there, say), a side played by
    people whose seats with the final say nobody holds (`no_lead`, those seats: it can neither
    fold nor accept a deal), or waiting for a side none of whose players is connected (`away`).
    A slow turn is the dashboard's to see from `since`."""
    state = room.state
    if state.finished:
        return None
    seats = [s for s in seats if not s.get("empty")]  # nobody to wait for: nobody is there
    paused = room.paused
    if paused is not None and paused.reason == WAITING:
        missing = [s["seat"] for s in seats if not s["bot"] and not s["here"]]
        # its clock waits for each side's lead (lifecycle.seats_filled), not for the others
        every = {seat for side in SIDES for seat in lifecycle.leads(room, side)}
        leads = [seat for seat in missing if seat in every]
        return {"reason": "not_started", "seats": leads or missing}
    if paused is not None:
        side = viewer_of(paused.seat or "")
        coming = [
            s["seat"]
            for s in seats
            if paused.by == "system"
            and viewer_of(s["seat"]) == side
            and s.get("student")
            and not s["taken"]
            and not s.get("left")
        ]
        return {"reason": "paused", "by": paused.by, "why": paused.reason, "seats": coming}
    leadless = _leadless(room, seats)
    if leadless:
        return {"reason": "no_lead", "seats": leadless}
    away = []
    for side in waiting_sides(state):
        if side in room.info.bots:
            continue
        mine = [s for s in seats if viewer_of(s["seat"]) == side and not s.get("left")]
        if not any(s["here"] for s in mine):
            away += [s["seat"] for s in mine] or [side]
    return {"reason": "away", "seats": away} if away else None


def _leadless(room: Room, seats: list[dict[str, Any]]) -> list[str]:
    """Return the seats with the final say of each side of a team room that people play with
    a seat taken but none of those: nobody there may fold or accept a deal (the Leader moved
    out, say). A side nobody holds a seat of is the clock's to wait for (vacancy.py)."""
    found = []
    for side in SIDES:
        if side in room.info.bots:
            continue
        mine = [s for s in seats if viewer_of(s["seat"]) == side and not s["bot"]]
        if not any(s.get("taken") for s in mine):
            continue
        leads = lifecycle.leads(room, side)
        if any(s["seat"] in leads and s.get("taken") for s in mine):
            continue
        if any(s["seat"] in leads and s.get("student") and not s.get("left") for s in mine):
            continue  # a student is seated there, and away or coming (`away` says so)
        found += sorted(seat for seat in leads if ":" in seat) or [side]
    return found


def summarize(
    room: Room,
    session: ClassSession,
    names: dict[str, str],
    present: dict[str, int],
    since: int | None,
    now: int,
    left: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Return the room's summary for the dashboard (`since`: when its current turn began;
    `left`: who gave each seat up last, seats_of)."""
    state, rules = room.state, room.rules
    phase = rules.phases[state.phase_index] if state.phase_index >= 0 else None
    seats = seats_of(room, session, names, present, left)
    paused = room.paused
    return {
        "code": room.code,
        "index": session.rooms.index(room.code) if room.code in session.rooms else -1,
        "n": room.n,
        "hand": state.round,
        "rounds": state.rounds,
        "phase": phase.id if phase else "",
        "phase_kind": phase.kind if phase else "",
        "waiting_on": [] if paused else waiting_sides(state),
        "since": since,
        "deadline": room.deadline_ms,
        "paused": None
        if paused is None
        else {"by": paused.by, "reason": paused.reason, "seat": paused.seat},
        "started": not (paused is not None and paused.reason == WAITING),
        "to_start": to_start(room, session),
        "tariffs": tariffs(room),
        "deals": [
            {
                "id": deal.id,
                "by": deal.proposed_by,
                "terms": [choice.term for choice in deal.terms],
                "until": deal.expires_after,
            }
            for deal in state.deals
        ],
        "seats": seats,
        "held_up": held_up(room, seats),
        "outcome": state.outcome,
        "scores": state.scores,
        "finished": state.finished,
        # a paused room's clock stands still (paused by the system, its deadline is when it
        # would be given up as abandoned, not the end of a turn)
        "expected_end": expected_end(
            rules, state, room.info.seconds, now, None if paused else room.deadline_ms
        ),
    }


def class_info(session: ClassSession) -> dict[str, Any]:
    """Return the class as the dashboard and the join page show it."""
    data = session.model_dump(mode="json", exclude={"seed", "next_id"})
    data["students"] = sorted(
        data["students"].values(), key=lambda s: (natural(s["name"]), natural(s["id"]))
    )
    return data


def natural(text: str) -> tuple[tuple[int, str], ...]:
    """A key sorting names as people do: the numbers in them by value ("Student 2" before
    "Student 10"), the rest ignoring case and accents ("Émile" among the E's, not after Z).
    Parts alternate text and number, so like meets like."""
    return tuple(
        (int(part), part) if index % 2 else (0, _unaccented(part).casefold())
        for index, part in enumerate(DIGITS.split(text))
    )


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
