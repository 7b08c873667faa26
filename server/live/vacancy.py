"""A seat given up in the middle of a game (a player's `leave`, or a class moving a student out of
it or taking them out of the class: server/classroom/steering.py): the log says so, and while a
side played by people has nobody in any of its seats, the room's clock waits for someone to take
one.

The leave is logged as a `seat_left` notice (`seat`, `name`: who gave it up), so a replay shows
it (server/replay/holders.py). If the room's clock runs and the side the seat was of has no seat
taken any more, the room pauses (a `paused` notice by `system`, reason `no_seat`, with what was
left of the turn): no turn of a side nobody sits at times out to default moves. Like any pause by
the system its timer then counts down `abandon_after`: if nobody takes the seat, the game ends
as abandoned. The clock goes on — a `resumed` notice, reason `seat_taken`, with the time that was
left (a fresh turn if little was) — when the side it waits for has a seat taken again: a
player joins (the one who left, or another), a class or an instructor seats one (they resume the
seat given), or an instructor lets a bot play the side (server/classroom/controls.py resumes a
room the system paused once somebody plays every side). A pause whose side has a seat taken
again but was never resumed (the process that seated them died in between) is resumed by a
class's Resume (`resume_if_seated`).

This pause is not an instructor's: an instructor may pause over it (their pause then holds until
they resume, a seat taken or not), and resuming it is theirs to do too (the clock then runs, the
seat empty or not: its turns time out) — but a class's Resume does not end it while the side
has no seat taken, and ends an
instructor's pause over it by waiting for the seat again (`back_to_seat`,
server/classroom/controls.py). A player of the other side coming back does not resume
it (as they would a room paused because nobody was at the table): the side with no seat still
has nobody. A player who leaves while an instructor's pause is on (a class's, say) leaves the
room to it; once the instructor resumes, the turn's deadline pauses the room for the seat instead
of timing it out (`owed`, checked by timers.py): the side gets a fresh turn when someone sits.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from server.live import lifecycle
from server.live.commit import Conflict
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol import Notice
from server.replay.visible import viewer_of
from server.ruleset.schema import SIDES
from server.storage.store import BrokenLog

log = logging.getLogger("brink.vacancy")

NO_SEAT = "no_seat"
"""The reason of the `paused` notice of a room whose clock waits for a side's seat to be taken."""
SEAT_TAKEN = "seat_taken"
"""The reason of the `resumed` notice that ends it."""
STARTED = ("seats_filled", "started")
"""The reasons of the `resumed` notice that starts a new room's clock (lifecycle.py)."""


def waits_for_seat(room: Room) -> bool:
    """Whether the room is paused because a side played by people has no seat taken."""
    paused = room.paused
    return paused is not None and paused.by == "system" and paused.reason == NO_SEAT


async def after_leave(hub: Hub, room: Room, seat: str, name: str) -> None:
    """`seat_left`, for a leave: the seat is given up already, whatever happens here; a room
    that cannot take the notice (Redis failing, a broken log, a room that kept changing) is
    logged and left as it is, its clock running."""
    try:
        await seat_left(hub, room, seat, name)
    except (Conflict, BrokenLog, RedisError, OSError) as error:
        log.warning("room %s: %s was given up, but not logged: %s", room.code, seat, error)


async def seat_left(hub: Hub, room: Room, seat: str, name: str) -> None:
    """`seat` was given up (by `name`) while the game goes on: log it, and pause the room's
    clock if its side has no seat taken now. Before a new room's clock starts, nothing: its
    players are still arriving (the room waits for them anyway) — but in a rematch, whose seats
    are its players' until one is given up (rematch.py), the notice is what frees the seat."""
    if room.waiting and not room.info.rematch_of:  # the game has not begun for its players
        return
    await hub.note(room, Notice(kind="seat_left", seat=seat, name=name, at=now_ms()))
    if _clock_runs(room) and not await side_seated(hub, room, viewer_of(seat)):
        await wait_for_seat(hub, room, seat)


async def side_seated(hub: Hub, room: Room, side: str) -> bool:
    """Whether `side` has a seat taken (its own or a role's) or a bot plays it. Only the side
    whose seat was given up counts: a side nobody took from the start (a class's room without
    bots, say) neither pauses the room nor keeps it paused (its turns time out, as before)."""
    if side in room.info.bots:
        return True
    return side in {viewer_of(taken) for taken in await hub.store.seats(room.code)}


async def _awaited_back(hub: Hub, room: Room) -> bool:
    """Whether the side the room's clock waits for (its pause's seat) has a seat taken again."""
    paused = room.paused
    return paused is not None and await side_seated(hub, room, viewer_of(paused.seat or ""))


async def owed(hub: Hub, room: Room) -> str | None:
    """Return a seat given up whose side has no seat taken and whose clock has not waited for
    it since (an instructor's pause was on when its player left, and the instructor resumed
    it): the room's turn is not timed out then, its clock waits (timers.py). None if there is
    none: every side played by people seated, or a side's seat empty since the game began (an
    instructor started the clock without its players), or an instructor resumed the room
    while it waited for the seat (they chose to go on)."""
    if not _clock_runs(room):
        return None
    return await seat_owed(hub, room)


async def seat_owed(hub: Hub, room: Room) -> str | None:
    """`owed`, whether the room's clock runs or not: a seat given up whose side has no seat
    taken, that the clock has not waited for since (paused as it was left, an instructor's
    pause over the room's waiting for it, say); None if there is none."""
    taken = {viewer_of(seat) for seat in await hub.store.seats(room.code)}
    people = [side for side in SIDES if side not in room.info.bots and side not in taken]
    if not people:  # every side played by people has a seat taken: nothing owed (no log read)
        return None
    left: dict[str, str] = {}  # side -> a seat of it given up, since the clock last went on
    for_seat = False  # whether the room's latest pause was one waiting for a seat
    for notice in await lifecycle.logged_notices(hub, room):
        if notice.kind == "seat_left" and notice.seat:
            left[viewer_of(notice.seat)] = notice.seat
        elif notice.kind == "paused":
            for_seat = notice.by == "system" and notice.reason == NO_SEAT
        elif notice.kind == "resumed" and (for_seat or notice.reason in STARTED):
            left.clear()  # a seat taken, an instructor went on without it, or the clock started
    return next((left[side] for side in people if side in left), None)


async def wait_for_seat(hub: Hub, room: Room, seat: str) -> None:
    """Pause the room's clock until the side of `seat` (given up) has a seat taken again."""
    now = now_ms()
    left = None if room.deadline_ms is None else max(0, room.deadline_ms - now)
    notice = Notice(kind="paused", by="system", reason=NO_SEAT, seat=seat, left_ms=left, at=now)
    deadline = now + int(hub.abandon_after * 1000)
    if await hub.note(room, notice, deadline, _clock_runs) is None:
        return
    # A seat taken on another process meanwhile, before it read the pause: it would not resume.
    if await _awaited_back(hub, room):
        await _resume(hub, room)


async def back_to_seat(hub: Hub, room: Room, seat: str) -> int | None:
    """End the instructor's pause of the room (its notice `room.paused`) by waiting for the
    side of `seat` (given up, its side still empty: `seat_owed`) instead of running the clock:
    a class's Resume. The turn keeps what was left of it when the instructor paused it. Return
    the notice's log position, or None if the room's pause changed meanwhile."""
    paused = room.paused
    if paused is None or paused.by == "system":
        return None
    now = now_ms()
    notice = Notice(
        kind="paused", by="system", reason=NO_SEAT, seat=seat, left_ms=paused.left_ms, at=now
    )
    deadline = now + int(hub.abandon_after * 1000)
    n = await hub.note(room, notice, deadline, lambda copy: copy.paused == paused)
    if n is not None and await _awaited_back(hub, room):  # a seat taken meanwhile
        await _resume(hub, room)
    return n


async def resume_if_seated(hub: Hub, room: Room) -> int | None:
    """A room waiting for a side's seat whose side has one again, its resume lost (the process
    that seated them died before it resumed the room, say): resume it (a class's Resume).
    Return the notice's log position; None if it still waits for the seat, or is no longer
    waiting for one (another process resumed it, or an instructor paused over it)."""
    if waits_for_seat(room) and await _awaited_back(hub, room):
        return await _resume(hub, room)
    return None


async def seated(hub: Hub, room: Room) -> None:
    """A player sat down or came back: a room waiting for a side's seat goes on once that side
    has one; any other is lifecycle.seated's (a new room's clock starts, a room paused because
    nobody was at the table goes on)."""
    if not waits_for_seat(room):
        await lifecycle.seated(hub, room)
    elif await _awaited_back(hub, room):
        await _resume(hub, room)


def _clock_runs(room: Room) -> bool:
    """Whether the room's turn clock runs: it has timers, its game is under way, not paused."""
    return room.info.timers and room.paused is None and not room.state.finished


async def _resume(hub: Hub, room: Room) -> int | None:
    """Start the clock again with what was left of the turn (a fresh turn if that was under
    lifecycle.SHORTEST_RESUMED_TURN_MS), if the room still waits for a seat (another process
    may have resumed it, or an instructor paused over it); return the notice's log position,
    or None if it was not resumed here."""
    paused = room.paused
    if paused is None:
        return None
    now = now_ms()
    left = paused.left_ms
    if left is None or left < lifecycle.SHORTEST_RESUMED_TURN_MS:
        deadline = room.deadline(now)
    else:
        deadline = now + left
    notice = Notice(kind="resumed", by="system", reason=SEAT_TAKEN, at=now)
    return await hub.note(room, notice, deadline, waits_for_seat)
