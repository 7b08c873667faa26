"""What each viewer may see of a log entry: one rule for the live rooms and for replays."""

from __future__ import annotations

from server.engine import Viewer, redact
from server.protocol import Entry
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES


def viewer_of(seat: str) -> Viewer:
    """Return what a seat sees: a side's seats (any role) see that side's view."""
    side = seat.split(":", 1)[0]
    if side in SIDES:
        return side
    return "instructor" if seat == "instructor" else "spectator"


def visible(rules: Ruleset, entry: Entry, viewer: Viewer) -> Entry | None:
    """Return `entry` as `viewer` may see it (an event redacted), or None.

    Events as the engine redacts them; a chat line to everyone, a team line to its side and the
    instructor; a notice to everyone; the command behind events to the instructor only."""
    if entry.event is not None:
        seen = redact(rules, entry.event, viewer)
        if seen is entry.event:
            return entry
        return None if seen is None else Entry(n=entry.n, event=seen, at=entry.at)
    if entry.chat is not None:
        team = entry.chat.team
        return entry if team is None or viewer in (team, "instructor") else None
    if entry.notice is not None:
        return entry
    return entry if viewer == "instructor" else None
