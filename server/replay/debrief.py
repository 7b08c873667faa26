"""The debrief of a class (or of any list of rooms): what happened in every room, side by side,
for projecting after the games. Pure: it reads verified game records and returns plain data
(docs/classroom.md, "Debrief").

    debrief(games, history, held) -> {rooms, outcomes, trajectories, deals, threats, folds,
                                      totals, timing, divergences, names}

A room's `seats` name each seat's last holder; its `earlier_seats` the class's students who held
one before and were moved out mid-game, with the hands and decisions they played there.

A finished game is shown all-seeing. A game still running is shown as a spectator saw it (a
face-down card stays face down): the debrief may be on the projector while a room plays on.

A room whose game never started (its clock never ran: it waited for its players until the game
was ended — a class's session ended with a student who never came — or waits still) is not
played, as its log says (debrief_moves.py `span`): `played` false, outcome `not_played` (counted
apart in `outcomes`), no winner, scores nor objective met, no hands nor decisions (the
instructor's End of it is none) and no turning points. Once its game is over it never will be
played: it shares no deal with the other rooms (a room still waiting does: it may yet play).
Every room has `played`."""

from __future__ import annotations

from collections import Counter
from statistics import median
from typing import Any

from server.engine import Viewer
from server.engine.events import DealProposed
from server.replay.debrief_diverge import Played, deal_groups, divergences
from server.replay.debrief_holders import Held, earlier_seats, given_from, stand_ins
from server.replay.debrief_moves import (
    Decision,
    decisions,
    revealed_cards,
    slowest,
    span,
    timing,
)
from server.replay.debrief_paths import (
    TARIFFS,
    biggest_jump,
    hand_at,
    hand_bounds,
    peaks,
    trajectory,
)
from server.replay.ledger import ledger
from server.replay.record import in_seat_order
from server.replay.steps import shown
from server.replay.verify import Verified
from server.ruleset.schema import SIDES

NOT_PLAYED = "not_played"
"""The outcome of a room whose game never started (its clock never ran)."""
TURNING_POINTS = 10
PRIORITY = ("diverged", "deal_broken", "bluff_called", "deal", "jump", "fold", "slow", "end")
"""Which turning points are kept first when a room has more than TURNING_POINTS."""


def played(games: list[Verified]) -> list[Played]:
    """Return the games with their decisions worked out once; a game that never started has
    none (the instructor's End of a room still waiting for its players is no decision)."""
    found = []
    for v in games:
        started = span(v).started is not None
        moves = decisions(v) if started else []
        found.append(Played(v.record.header.code, v, moves, revealed_cards(v), started))
    return found


def outcome_of(room: Played) -> str | None:
    """The room's outcome as the debrief counts it: `not_played` for a game that never started,
    else the game's end's (None while it runs)."""
    return room.verified.record.header.outcome if room.started else NOT_PLAYED


def viewer_for(game: Played) -> Viewer:
    return "instructor" if game.over else "spectator"


def debrief(
    games: list[Verified], history: Verified | None = None, held: list[Held] | None = None
) -> dict[str, Any]:
    """Return the debrief of `games` (in the order given), with the historical line's
    trajectory (`history`, if given) to lay over the rooms'; `held`: the seats a class's
    students left mid-game (debrief_holders.py), credited in each room's `earlier_seats`."""
    rooms = played(games)
    unaligned: list[dict[str, Any]] = []
    diverged = divergences(rooms, unaligned)
    books = {room.code: ledger(_seen(room)) for room in rooms}
    lines = {room.code: trajectory(room.verified) for room in rooms}
    summaries = [_room(room, books[room.code], lines[room.code], diverged) for room in rooms]
    for room, summary in zip(rooms, summaries, strict=True):
        summary["earlier_seats"] = earlier_seats(room, held or [])
        summary["given_from"] = given_from(room, summary["earlier_seats"], held)
        summary["stand_ins"] = stand_ins(room)  # bots put in during the game ("bots": at the end)
    deals = [{"room": code, **deal} for code, book in books.items() for deal in book["deals"]]
    threats = [{"room": code, **t} for code, book in books.items() for t in book["threats"]]
    folds = [{"room": code, **fold} for code, book in books.items() for fold in book["folds"]]
    groups = deal_groups(rooms)
    return {
        "rooms": summaries,
        "outcomes": dict(Counter(s["outcome"] or "running" for s in summaries)),
        "trajectories": {
            "names": list(TARIFFS),
            "rooms": lines,
            "history": trajectory(history) if history is not None else None,
        },
        "deals": deals,
        "threats": threats,
        "folds": folds,
        "totals": _totals(deals, threats, folds, _proposals(rooms)),
        "timing": _timing(rooms),
        "same_deal": [[room.code for room in group] for group in groups],
        "divergences": diverged,
        "unaligned": unaligned,
        "names": names([room.verified for room in rooms]),
    }


def _seen(room: Played) -> list[Any]:
    return shown(room.verified, viewer_for(room), 1, len(room.verified.record.entries))


def _room(
    room: Played,
    book: dict[str, list[dict[str, Any]]],
    line: dict[str, Any],
    diverged: list[dict[str, Any]],
) -> dict[str, Any]:
    header = room.verified.record.header
    final = room.verified.final
    over = room.over
    scored = over and room.started  # a game that never started has no winner nor score
    scores = dict(final.scores) if scored else {}
    best = max(scores.values()) if scores else None
    winners = [side for side, score in scores.items() if score == best]
    times = span(room.verified)
    objectives = {side: final.hands[side].objective for side in SIDES} if over else {}
    return {
        "code": room.code,
        "scenario": header.scenario,
        "title": header.title,
        "seats": in_seat_order(room.verified.record.rules, header.seats),  # kept before too
        "bots": header.bots,
        "forked_from": header.forked_from.model_dump() if header.forked_from else None,
        "over": over,
        "played": room.started,
        "outcome": outcome_of(room),
        "scores": scores,
        "winner": winners[0] if len(winners) == 1 else None,
        "objectives": objectives,
        "objectives_met": dict(final.objectives_met) if scored else {},
        "hands": final.round if room.started else 0,
        "of_hands": final.rounds,
        "entries": len(room.verified.record.entries),
        "started": header.started,
        "ended": header.ended,
        "duration_ms": times.played_ms,
        "waited_ms": times.waited_ms,
        "decisions": len(room.moves),
        "final": line["points"][-1]["values"],
        "peaks": peaks(line),
        "deals": dict(Counter(deal["status"] for deal in book["deals"])),
        "threats": len(book["threats"]),
        "bluffs_called": sum(1 for t in book["threats"] if t["status"] == "called"),
        "folds": len(book["folds"]),
        "timing": timing(room.moves),
        "turning_points": turning_points(room, book, line, diverged),
    }


def turning_points(
    room: Played,
    book: dict[str, list[dict[str, Any]]],
    line: dict[str, Any],
    diverged: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Return the room's turning points, in log order: where the rooms dealt the same game
    parted, deals struck and broken, bluffs called, folds, the biggest swing in the tariffs,
    the longest thought-over decision and the end. Each `{n, kind, hand, …}`: the replay
    viewer opens the room at step n. A game that never started has none (not its End)."""
    if not room.started:
        return []
    points: list[dict[str, Any]] = []
    for point in diverged:
        for choice in point["choices"]:
            for where in choice["rooms"]:
                if where["code"] == room.code:
                    rivals = len(point["choices"]) - 1
                    points.append(
                        {
                            "n": where["n"],
                            "kind": "diverged",
                            "hand": point["hand"],
                            "others": rivals,
                        }
                    )
    for deal in book["deals"]:
        points.append(
            {
                "n": deal["n"],
                "kind": "deal",
                "hand": deal["hand"],
                "deal": deal["deal"],
                "number": deal["number"],
            }
        )
        if deal["status"] == "broken":
            points.append(
                {
                    "n": deal["ended_at"],
                    "kind": "deal_broken",
                    "side": deal["by"],
                    "card": deal["card"],
                }
            )
    for threat in book["threats"]:
        if threat["status"] == "called":
            points.append(
                {
                    "n": threat["settled_at"],
                    "kind": "bluff_called",
                    "hand": threat["hand"],
                    "side": threat["side"],
                    "backed": threat["backed"],
                }
            )
    for fold in book["folds"]:
        points.append({"n": fold["n"], "kind": "fold", "hand": fold["hand"], "side": fold["side"]})
    jump = biggest_jump(line)
    if jump is not None:
        points.append({"kind": "jump", **jump})
    for move in slowest(room.moves, 1):
        points.append(
            {
                "n": move.n,
                "kind": "slow",
                "hand": move.before.round,
                "side": move.sides[0],
                "took_ms": move.took_ms,
            }
        )
    if room.over:
        points.append(
            {
                "n": len(room.verified.record.entries),
                "kind": "end",
                "outcome": room.verified.record.header.outcome,
            }
        )
    bounds = hand_bounds(room.verified)
    for point in points:
        point["hand"] = hand_at(bounds, point["n"])
    points.sort(key=lambda p: PRIORITY.index(p["kind"]))
    kept = points[:TURNING_POINTS]
    return sorted(kept, key=lambda p: (p["n"], PRIORITY.index(p["kind"])))


def _proposals(rooms: list[Played]) -> Counter[str]:
    """Every proposal and counter-proposal each side made, struck or not, across the rooms."""
    return Counter(
        entry.event.side
        for room in rooms
        for entry in room.verified.record.entries
        if isinstance(entry.event, DealProposed)
    )


def _totals(
    deals: list[dict[str, Any]],
    threats: list[dict[str, Any]],
    folds: list[dict[str, Any]],
    proposals: Counter[str],
) -> dict[str, Any]:
    per_side: dict[str, dict[str, int]] = {}
    for side in SIDES:
        own = [t for t in threats if t["side"] == side]
        per_side[side] = {
            "proposals": proposals[side],
            # the deals struck on this side's proposal (its offers the other side accepted)
            "deals_proposed": sum(1 for d in deals if d["proposed_by"] == side),
            "deals_broken": sum(1 for d in deals if d["by"] == side),
            "threats": len(own),
            "called": sum(1 for t in own if t["status"] == "called"),
            "caught_bluffing": sum(
                1 for t in own if t["status"] == "called" and t["backed"] is False
            ),
            "backed_when_called": sum(1 for t in own if t["status"] == "called" and t["backed"]),
            # never called: left unsettled, or shown as the betting ended without a call
            "not_called": sum(1 for t in own if t["status"] in ("not_called", "revealed")),
            "folds": sum(1 for f in folds if f["side"] == side),
        }
    statuses = Counter(d["status"] for d in deals)
    return {
        "deals": {
            "struck": len(deals),
            **{k: statuses.get(k, 0) for k in ("kept", "broken", "in_force")},
        },
        "sides": per_side,
    }


def _timing(rooms: list[Played]) -> dict[str, Any]:
    """Per side across the rooms: the median time people took per decision; and the decisions
    thought over longest in the whole class."""
    moves: list[tuple[str, Decision]] = [(r.code, m) for r in rooms for m in r.moves]
    sides: dict[str, Any] = {}
    for side in SIDES:
        took = [
            m.took_ms
            for _, m in moves
            if side in m.sides and m.took_ms is not None and not m.bot and not m.timeout
        ]
        sides[side] = {"timed": len(took), "median_ms": int(median(took)) if took else None}
    longest = sorted(
        ((code, m) for code, m in moves if m.took_ms is not None and not m.bot and not m.timeout),
        key=lambda cm: (-(cm[1].took_ms or 0), cm[0], cm[1].n),
    )[:5]
    return {
        "sides": sides,
        "timeouts": sum(1 for _, m in moves if m.timeout),
        "slowest": [
            {
                "room": code,
                "n": m.n,
                "hand": m.before.round,
                "side": m.sides[0],
                "took_ms": m.took_ms,
                "type": m.command.type,
            }
            for code, m in longest
        ],
    }


def names(games: list[Verified]) -> dict[str, dict[str, dict[str, str]]]:
    """Return the names (English and Chinese) of what the debrief mentions by id: outcomes,
    cards, deal terms, phases, objectives and variables of the rules the games were played with."""
    found: dict[str, dict[str, dict[str, str]]] = {
        kind: {}
        for kind in ("outcomes", "cards", "terms", "phases", "objectives", "variables", "scenarios")
    }
    seen: set[str] = set()
    for game in games:
        rules = game.record.rules
        if rules.hash in seen:
            continue
        seen.add(rules.hash)
        found["scenarios"][rules.id] = rules.scenario.name.model_dump()
        for kind, items in (
            ("outcomes", rules.outcomes),
            ("cards", rules.cards),
            ("terms", rules.terms),
            ("objectives", rules.objectives),
        ):
            for key, item in items.items():
                found[kind].setdefault(key, item.name.model_dump())
        for phase in rules.phases:
            found["phases"].setdefault(phase.id, phase.name.model_dump())
        for key in TARIFFS:
            spec = rules.spec.variables.get(key)
            if spec is not None:
                found["variables"].setdefault(key, spec.name.model_dump())
    return found
