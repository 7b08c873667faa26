"""Trajectories for the debrief's chart: how chosen public variables (the tariffs each way) moved
along a game, on an axis of hands that every room (and the historical 2025 line) shares.

`x` runs from 0 (before the first hand) to the number of hands played: a change at log position
n in hand h is drawn at h - 1 plus how far into the hand's positions n is. A room's line and the
2025 line can then be laid over each other, hand by hand."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from server.engine import events as ev
from server.replay.verify import Verified

TARIFFS = ("tariff_on_china", "tariff_on_us")


def hand_bounds(verified: Verified) -> list[tuple[int, int]]:
    """Return each hand's first and last log positions, in order."""
    starts = [
        entry.n for entry in verified.record.entries if isinstance(entry.event, ev.RoundStarted)
    ]
    last = len(verified.record.entries)
    return [
        (start, (starts[i + 1] - 1) if i + 1 < len(starts) else last)
        for i, start in enumerate(starts)
    ]


def x_of(bounds: list[tuple[int, int]], n: int) -> float:
    """Return where log position n falls on the axis of hands."""
    for hand, (first, last) in enumerate(bounds):
        if first <= n <= last:
            return round(hand + (n - first) / max(1, last - first + 1), 3)
    return 0.0 if not bounds or n < bounds[0][0] else float(len(bounds))


def hand_at(bounds: list[tuple[int, int]], n: int) -> int:
    """Return the hand (from 1; 0 before the first) log position n falls in."""
    return sum(1 for first, _ in bounds if first <= n)


def trajectory(verified: Verified, names: tuple[str, ...] = TARIFFS) -> dict[str, Any]:
    """Return the line of `names` along a game: a point at the start and at every change.

    `{"hands": H, "points": [{"n", "hand", "x", "values": {name: value}}]}`; names the rules do
    not have are left out."""
    rules = verified.record.rules
    names = tuple(name for name in names if name in rules.spec.variables)
    bounds = hand_bounds(verified)
    initial = verified.states[0].vars
    points = [{"n": 0, "hand": 0, "x": 0.0, "values": {k: initial.get(k, 0) for k in names}}]
    hand = 0
    for entry in verified.record.entries:
        event = entry.event
        if isinstance(event, ev.RoundStarted):
            hand = event.round
        if not isinstance(event, ev.VariablesChanged) or not set(event.values) & set(names):
            continue
        now = verified.states[entry.n].vars
        values = {k: now.get(k, 0) for k in names}
        if values == points[-1]["values"]:
            continue
        points.append({"n": entry.n, "hand": hand, "x": x_of(bounds, entry.n), "values": values})
    return {"hands": len(bounds), "points": points}


def peaks(line: dict[str, Any]) -> dict[str, int]:
    """Return the highest value each variable reached along a trajectory."""
    found: dict[str, int] = {}
    for point in line["points"]:
        for name, value in point["values"].items():
            found[name] = max(found.get(name, value), value)
    return found


def biggest_jump(line: dict[str, Any]) -> dict[str, Any] | None:
    """Return the point where the tariffs together rose or fell most at once (None if flat)."""
    best: dict[str, Any] | None = None
    points = line["points"]
    for before, point in pairwise(points):
        change = sum(point["values"][k] - before["values"][k] for k in point["values"])
        if change and (best is None or abs(change) > abs(best["change"])):
            best = {"n": point["n"], "hand": point["hand"], "change": change}
    return best
