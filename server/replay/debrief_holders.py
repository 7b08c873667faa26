"""Who held a room's seats before its last players: a class's students moved (or taken) out of a
room mid-game, credited in the debrief with the part of the game they played. Pure.

A record's header names each seat's last holder only. The class keeps, for every student who
left a seat, the room, the seat, their name and the room's log position when they left
(`until`: server/classroom/model.py `HeldSeat`), given here as plain dicts in the order they
left. A seat's holders follow one another: each held it from where the one before left it (the
game's start for the first) up to where they left it themselves, the last holder (the header's)
from there to the end. One who left before the game's first hand began, or with nothing logged
since they came (moved in and out again at once), held nothing, and is not listed.

The debrief names each person once a side: one who came back and is among the side's last
players is not an earlier one too, and one who left the side more than once is listed once, the
hands spanning their first part to their last and the decisions of every part summed (`seat`,
`from_n` and `student` their first part's, `to_n` their last's). `holder_at` goes by every part.

    holder_spans(room, held) -> [{seat, name, student, from_n, to_n, hands: [first, last],
                                  decisions, removed}], each part held (`removed`: they left
                                  it taken out of the class, not moved)
    earlier_seats(room, held) -> the same, each person once a side, the last players left out
    given_from(room, earlier, held) -> {seat: [names]}: who held a seat before its last holder's
                                 last turn, in order, as the replay reads the log (a seat an
                                 instructor gave to someone: server/replay/holders.py; Cy →
                                 Dana → Cy gives [Cy, Dana]), the class's students left out
                                 (`earlier` credits them, or they held nothing)
    stand_ins(room) -> {side: [bots]}: the server bots an instructor put in for a side's players
                                 during the game (`bot_in`), in order, each once a side
    earlier_people(room, earlier, held) -> {side: ["Ada (hands 1-2, 3 decisions)", "Ivy Lee",
                                 "bot:planner_easy"]}: everyone who played a side before its
                                 last players, as the exports write them
"""

from __future__ import annotations

from typing import Any

from server.replay.debrief_diverge import Played
from server.replay.debrief_paths import hand_at, hand_bounds
from server.replay.holders import seat_holders

Held = dict[str, Any]
"""One seat a student left: `student`, `name`, `room`, `seat`, `until` (a log position), and
`removed` (taken out of the class; absent: moved)."""


def earlier_seats(room: Played, held: list[Held]) -> list[dict[str, Any]]:
    """Return the room's earlier players, each once a side, in the order they first left: not
    those among the side's last players (who came back), their parts summed."""
    last = {(_side(seat), name) for seat, name in room.verified.record.header.seats.items()}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for part in holder_spans(room, held):
        key = (_side(part["seat"]), str(part["name"]))
        if key in last:
            continue
        before = found.get(key)
        if before is None:
            found[key] = dict(part)
            continue
        before["to_n"] = part["to_n"]
        before["hands"] = [before["hands"][0], part["hands"][1]]
        before["decisions"] += part["decisions"]
        before["removed"] = part["removed"]  # how they left the side the last time
        before["left"] = part["left"]
    return list(found.values())


def _side(seat: str) -> str:
    return seat.split(":")[0]


def holder_spans(room: Played, held: list[Held]) -> list[dict[str, Any]]:
    """Return every part of a seat held before its last holder's, in the order they left."""
    bounds = hand_bounds(room.verified)
    mine = sorted((h for h in held if h.get("room") == room.code), key=lambda h: int(h["until"]))
    since: dict[str, int] = {}
    found = []
    for left in mine:
        seat, until = str(left["seat"]), int(left["until"])
        start = since.get(seat, 0)
        since[seat] = until
        if hand_at(bounds, until) < 1 or until <= start:  # before the first hand, or moved
            continue  # in and out again with nothing played between: held nothing
        found.append(
            {
                "seat": seat,
                "name": left["name"],
                "student": left.get("student"),
                "from_n": start,
                "to_n": until,
                "hands": [max(1, hand_at(bounds, start + 1)), hand_at(bounds, until)],
                "decisions": sum(1 for d in room.moves if d.seat == seat and start < d.n <= until),
                "removed": bool(left.get("removed")),
                "left": bool(left.get("left")),
            }
        )
    return found


def holder_at(room: Played, earlier: list[dict[str, Any]], seat: str, n: int) -> str:
    """Return the name of whoever held `seat` at log position `n` (the header's last holder
    past every earlier one's part): `earlier` is `holder_spans`'s, every part."""
    for part in earlier:
        if part["seat"] == seat and part["from_n"] < n <= part["to_n"]:
            return str(part["name"])
    return room.verified.record.header.seats.get(seat, "")


def told(part: dict[str, Any]) -> str:
    """One earlier holder in a cell: `Ada (hands 1-2, 3 decisions)`."""
    first, last = part["hands"]
    hands = f"hand {first}" if first == last else f"hands {first}-{last}"
    decisions = part["decisions"]
    return f"{part['name']} ({hands}, {decisions} decision{'' if decisions == 1 else 's'})"


def given_from(
    room: Played, earlier: list[dict[str, Any]], held: list[Held] | None = None
) -> dict[str, list[str]]:
    """Return, for each seat of a room held by someone else before its last holder's last
    turn (an instructor gave the seat on: Cy, then Dana), the earlier people in order, as the
    replay names them: the last holder too if they held it before (Cy → Dana → Cy: Cy, Dana);
    not a bot standing in, and not a class's student `earlier` (`earlier_seats`) credits
    already, nor one the class moved out of the seat whom it does not (`held`: they held
    nothing, though the log names them leaving: a class's move logs `seat_left`). One named
    twice in a row (back after a bot) is named once."""
    header = room.verified.record.header
    credited = {(_side(str(p["seat"])), str(p["name"])) for p in earlier}
    credited |= {
        (_side(str(h["seat"])), str(h["name"])) for h in held or [] if h.get("room") == room.code
    }
    holders = seat_holders(header, list(room.verified.record.entries))
    found: dict[str, list[str]] = {}
    for seat, last in header.seats.items():
        names: list[str] = []
        for holder in holders.get(seat, []):
            name = holder.get("name")
            if name and (_side(seat), name) not in credited and names[-1:] != [name]:
                names.append(name)
        if names[-1:] == [last]:  # the last holder's last turn: the room's `seats` names it
            names.pop()
        if names:
            found[seat] = names
    return found


def stand_ins(room: Played) -> dict[str, list[str]]:
    """Return, by side, the bots put in for its players during the game (the log's `bot_in`
    notices), in order, each once: the header names only the bots playing at the end."""
    found: dict[str, list[str]] = {}
    for entry in room.verified.record.entries:
        notice = entry.notice
        if notice is not None and notice.kind == "bot_in" and notice.seat and notice.name:
            bots = found.setdefault(_side(notice.seat), [])
            if notice.name not in bots:
                bots.append(notice.name)
    return found


def earlier_people(
    room: Played, earlier: list[dict[str, Any]], held: list[Held] | None = None
) -> dict[str, list[str]]:
    """Return, by side, who played it before its last players: the class's students moved out
    (`earlier`, `earlier_seats`'s: with their hands and decisions), whoever else held a seat of
    it before its last holder (`given_from`, as the debrief page names them: "Ivy Lee → 王小明"),
    and the bots that stood in for its players (`bot:planner_easy`; not one still playing the
    side at the end: the header's)."""
    found: dict[str, list[str]] = {}
    for part in earlier:
        found.setdefault(_side(str(part["seat"])), []).append(told(part))
    for seat, names in given_from(room, earlier, held).items():
        people = found.setdefault(_side(seat), [])
        people.extend(name for name in names if name not in people)
    last = room.verified.record.header.bots
    for side_of, bots in stand_ins(room).items():
        found.setdefault(side_of, []).extend(f"bot:{b}" for b in bots if last.get(side_of) != b)
    return {side: names for side, names in found.items() if names}
