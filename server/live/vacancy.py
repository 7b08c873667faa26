"""A seat given up in the middle of a game (a player's `leave`): the log says so, and while a side
played by people has nobody in any of its seats, the room's clock waits for someone to take one.

The leave is logged as a `seat_left` notice (`seat`, `name`: who gave it up), so a replay shows
it (server/replay/holders.py). If the room's clock runs and the side the seat was of has no seat
taken any more, the room pauses (a `paused` notice by `system`, reason `no_seat`, with what was
left of the turn): no turn of a side nobody sits at times out to default moves. Like any pause by
the system its timer then counts down `abandon_after`: if nobody takes the seat, the game ends
as abandoned. The clock goes on — a `resumed` notice, reason `seat_taken`, with the time that was
left (a fresh turn if little was) — when every side played by people has a seat taken again: a
player joins (the one who left, or another), a class or an instructor seats one (they resume the
seat given), or an instructor lets a bot play the side (server/classroom/controls.py resumes a
room the system paused once somebody plays every side).

This pause is not an instructor's: an instructor may pause over it (their pause then holds until
they resume, a seat taken or not), and resuming it is theirs to do too (the clock then runs, the
seat empty or not). A player of the other side coming back does not resume it (as they would a
room paused because nobody was at the table): the side with no seat still has nobody.
"""

from __future__ import annotations

from server.live import lifecycle
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol import Notice

NO_SEAT = "no_seat"
"""The reason of the `paused` notice of a room whose clock waits for a side's seat to be taken."""
SEAT_TAKEN = "seat_taken"
"""The reason of the `resumed` notice that ends it."""


def waits_for_seat(room: Room) -> bool:
    """Whether the room is paused because a side played by people has no seat taken."""
    paused = room.paused
    return paused is not None and paused.by == "system" and paused.reason == NO_SEAT


async def seat_left(hub: Hub, room: Room, seat: str, name: str) -> None:
    """`seat` was given up (by `name`) while the game goes on: log it, and pause the room's
    clock if its side has no seat taken now."""
    await hub.note(room, Notice(kind="seat_left", seat=seat, name=name, at=now_ms()))
    if not _clock_runs(room) or await lifecycle.seats_filled(hub, room):
        return
    now = now_ms()
    left = None if room.deadline_ms is None else max(0, room.deadline_ms - now)
    notice = Notice(kind="paused", by="system", reason=NO_SEAT, seat=seat, left_ms=left, at=now)
    deadline = now + int(hub.abandon_after * 1000)
    if await hub.note(room, notice, deadline, _clock_runs) is None:
        return
    # A seat taken on another process meanwhile, before it read the pause: it would not resume.
    if await lifecycle.seats_filled(hub, room):
        await _resume(hub, room)


async def seated(hub: Hub, room: Room) -> None:
    """A player sat down or came back: a room waiting for a side's seat goes on once every side
    has one; any other is lifecycle.seated's (a new room's clock starts, a room paused because
    nobody was at the table goes on)."""
    if not waits_for_seat(room):
        await lifecycle.seated(hub, room)
    elif await lifecycle.seats_filled(hub, room):
        await _resume(hub, room)


def _clock_runs(room: Room) -> bool:
    """Whether the room's turn clock runs: it has timers, its game is under way, not paused."""
    return room.info.timers and room.paused is None and not room.state.finished


async def _resume(hub: Hub, room: Room) -> None:
    """Start the clock again with what was left of the turn (a fresh turn if that was under
    lifecycle.SHORTEST_RESUMED_TURN_MS), if the room still waits for a seat (another process
    may have resumed it, or an instructor paused over it)."""
    paused = room.paused
    if paused is None:
        return
    now = now_ms()
    left = paused.left_ms
    if left is None or left < lifecycle.SHORTEST_RESUMED_TURN_MS:
        deadline = room.deadline(now)
    else:
        deadline = now + left
    notice = Notice(kind="resumed", by="system", reason=SEAT_TAKEN, at=now)
    await hub.note(room, notice, deadline, waits_for_seat)
