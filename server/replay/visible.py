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


def acting_seat(seat: str) -> str | None:
    """Return the seat to name on the events of its command (`Entry.seat`): a team role's seat
    (`washington:treasury`: which of a team acted), else None (a side's own seat, the server,
    the instructor: the event's side says who, as it did before team roles)."""
    return seat if ":" in seat and viewer_of(seat) in SIDES else None


def visible(rules: Ruleset, entry: Entry, viewer: Viewer) -> Entry | None:
    """Return `entry` as `viewer` may see it (an event redacted), or None.

    Events as the engine redacts them, the seat that acted (`seat`) told to its own side and the
    instructor only; a chat line to everyone, a team line to its side and the instructor; a
    notice to everyone; the command behind events to the instructor only."""
    if entry.event is not None:
        seen = redact(rules, entry.event, viewer)
        by = entry.seat
        if by is not None and viewer not in (viewer_of(by), "instructor"):
            by = None  # which of a team acted is the team's own business
        if seen is entry.event and by == entry.seat:
            return entry
        if seen is None:
            return None
        if by is None:
            return Entry(n=entry.n, event=seen, at=entry.at)
        return Entry(n=entry.n, event=seen, at=entry.at, seat=by)
    if entry.chat is not None:
        team = entry.chat.team
        return entry if team is None or viewer in (team, "instructor") else None
    if entry.notice is not None:
        return entry
    return entry if viewer == "instructor" else None
