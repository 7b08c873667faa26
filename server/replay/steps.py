"""One step of a replay as a viewer saw it: the entries it was shown up to that position, the
view at that position, and the key moments of the game (for the timeline's markers)."""

from __future__ import annotations

from typing import Any

from server.engine import Viewer, view
from server.protocol import Entry
from server.replay.verify import Verified
from server.replay.visible import viewer_of, visible
from server.ruleset.schema import SIDES

MOMENTS = {
    "news_drawn": "news",
    "stake_raised": "raise",
    "card_played_face_down": "bluff",
    "bluff_called": "bluff_called",
    "card_revealed": "revealed",
    "folded": "fold",
    "hand_won": "hand_won",
    "deal_struck": "deal",
    "deal_broken": "deal_broken",
    "round_started": "hand",
    "game_ended": "end",
}
"""Event type -> the kind of key moment it marks."""


def shown(verified: Verified, viewer: Viewer, first: int, last: int) -> list[Entry]:
    """Return the entries at positions first..last (1-based, inclusive) `viewer` was shown."""
    rules = verified.record.rules
    found = []
    for entry in verified.record.entries[max(0, first - 1) : last]:
        seen = visible(rules, entry, viewer)
        if seen is not None:
            found.append(seen)
    return found


def moments(verified: Verified, viewer: Viewer) -> list[dict[str, Any]]:
    """Return the key moments `viewer` could see: position, kind, and the hand it fell in."""
    found: list[dict[str, Any]] = []
    hand = 0
    for entry in shown(verified, viewer, 1, len(verified.record.entries)):
        event = entry.event
        if event is None:
            if entry.notice is not None:  # an instructor's controls are all `control`
                said: str = entry.notice.kind
                said = said if said in ("paused", "resumed") else "control"
                said = "left" if entry.notice.kind == "seat_left" else said  # a player left
                found.append({"n": entry.n, "kind": said, "hand": hand})
            continue
        if event.type == "round_started":
            hand = getattr(event, "round", hand)
        kind = MOMENTS.get(event.type)
        if kind is not None:
            found.append({"n": entry.n, "kind": kind, "hand": hand})
    return found


def moves_seen(verified: Verified, viewer: Viewer) -> int:
    """Return how many moves the players made that `viewer` was shown: a side's command counts
    once any of its events was shown to it (a move kept from a viewer is not counted for it,
    so the count tells it nothing the game did not)."""
    rules, counted = verified.record.rules, 0
    mover: str | None = None  # the side whose command's events these are, until one is shown
    for entry in verified.record.entries:
        if entry.command is not None:
            seat = entry.command.seat
            mover = seat if viewer_of(seat) in SIDES else None
        elif mover is not None and entry.event is not None and visible(rules, entry, viewer):
            counted, mover = counted + 1, None
    return counted


def rest_point(verified: Verified, step: int) -> int:
    """Return the last position at or before `step` where the game rests between commands (a
    step in the middle of a command's events moves back to before that command)."""
    entries = verified.record.entries
    step = max(0, min(step, len(entries)))
    while 0 < step < len(entries) and entries[step].event is not None:
        step -= 1
    return step


def step(verified: Verified, viewer: Viewer, at: int, since: int = 0) -> dict[str, Any]:
    """Return what `viewer` had at position `at`: the entries shown after `since` up to `at`,
    the view (as the live `update` carries it; inside a command's events, the game as it stood
    at that event), and `rest`, the position a "what if" from `at` continues from."""
    count = len(verified.record.entries)
    at = max(0, min(at, count))
    since = max(0, min(since, at))
    state = verified.states[at]
    return {
        "n": at,
        "of": count,
        "rest": rest_point(verified, at),  # where a "what if" from here starts
        "as": viewer,
        "entries": [e.model_dump(mode="json") for e in shown(verified, viewer, since + 1, at)],
        "view": view(verified.record.rules, state, viewer).model_dump(mode="json"),
    }
