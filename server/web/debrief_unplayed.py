"""Rooms of a debrief whose game nobody played: the clock never started (the room still
waited for its players when the game ended: a class's session ended with a student who never
came). Such a room has no winner, no score and no objective met: the debrief, the games CSV
and the JSON export mark it `not_played` (outcome) and leave it out of the outcome figures."""

from __future__ import annotations

from collections import Counter
from typing import Any

from server.replay.debrief_moves import span
from server.replay.verify import Verified

NOT_PLAYED = "not_played"
GAME_BLANKS = (
    "winner",
    "score_washington",
    "score_beijing",
    "objective_washington_met",
    "objective_beijing_met",
)


def unplayed(games: list[Verified]) -> set[str]:
    """The codes of the rooms among `games` whose clock never started."""
    return {v.record.header.code for v in games if span(v).started is None}


def mark_debrief(found: dict[str, Any], codes: set[str]) -> dict[str, Any]:
    """Mark in a debrief (server/replay/debrief.py) the rooms `codes` as not played."""
    for room in found["rooms"]:
        room["played"] = room["code"] not in codes
        if room["played"]:
            continue
        room.update(outcome=NOT_PLAYED, winner=None, scores={}, objectives_met={})
    found["outcomes"] = dict(
        Counter(
            NOT_PLAYED if not s["played"] else (s["outcome"] or "running") for s in found["rooms"]
        )
    )
    return found


def mark_games(rows: list[dict[str, Any]], codes: set[str]) -> list[dict[str, Any]]:
    """Mark in the games' rows (debrief_export.py `game_rows`) the rooms `codes` as not played."""
    for row in rows:
        if row["room"] in codes:
            row.update(outcome=NOT_PLAYED, **dict.fromkeys(GAME_BLANKS, ""))
    return rows
