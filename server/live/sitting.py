"""Who sits where in a room, as a `joined` message tells it (protocol.Joined: seats, present,
given)."""

from __future__ import annotations

from server.live.rooms import Room
from server.ruleset.schema import SIDES


def present(names: dict[str, str], connected: dict[str, int], mine: str | None) -> dict[str, str]:
    """Each taken seat `here` (a connection holds it, in any process) or `away`; the joiner's
    own seat (`mine`) is here, counted or not yet."""
    found = {seat: "here" if connected.get(seat, 0) > 0 else "away" for seat in names}
    if mine is not None:
        found[mine] = "here"
    return found


def given(names: dict[str, str], fresh: set[str], mine: str | None) -> dict[str, str]:
    """Each seat given on (an instructor's `reassign`) whose new holder has not connected since
    (`fresh`, read with `names`: storage/seats.py), with that holder's name: not sat down yet,
    rather than away. The joiner's own seat (`mine`) is theirs to sit in now."""
    return {seat: names[seat] for seat in sorted(fresh) if seat in names and seat != mine}


def seats(room: Room, names: dict[str, str]) -> dict[str, str | None]:
    """Who sits where: `names` (seat -> display name) with the room's bots and empty sides."""
    taken: dict[str, str | None] = dict(names)
    for side, bot in room.info.bots.items():
        taken[side] = f"bot:{bot}"
    for side in SIDES:
        taken.setdefault(side, None)
    return taken
