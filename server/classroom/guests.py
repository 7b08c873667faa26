"""A seat of a class's room held by someone the class did not seat there: the instructor gave it
with the room's Controls (its `reassigned` notice; the class's student there then sits nowhere:
steering.seat_given). When the class seats a student there again (a Move), that holder loses it
as a seat the instructor gives: the room's log says so (`reassigned`, by the class's instructor,
naming who held it), and every socket of theirs is dismissed and told why (live/commit.py).
Until the student's page takes the seat it is empty, as after a player's Leave: the log says
the holder left it first (`seat_left`), and the room's clock waits while its side has nobody
(server/live/vacancy.py; a replay reads the two as one change of holder: replay/holders.py)."""

from __future__ import annotations

from server.classroom.model import ClassSession, Student, name_key
from server.live import vacancy
from server.live.hub import Hub
from server.live.loading import now_ms
from server.protocol import Notice
from server.storage.classes import ClassStore


async def take_from_guest(
    hub: Hub, store: ClassStore, session: ClassSession, student: Student
) -> None:
    """Empty the seat the class gives `student` if someone else holds it in the room (not a
    device of the student's own, let in again: their name), logging it as given to them."""
    room, seat = student.room, student.seat
    if room is None or seat is None:
        return
    held_by = await store.seat_hash(room, seat)
    previous = (await hub.store.seats(room)).get(seat)
    if held_by is None or previous is None or name_key(previous) == name_key(student.name):
        return
    # Only from the holder read: the student's page, reconnecting, may do this on another
    # process at the same time and have taken the seat already (review finding).
    if not await store.free_seat(room, seat, held_by):
        return  # let go or given meanwhile
    found = await hub.room(room)
    if found is None:
        return
    async with found.lock:  # as it stands in Redis: its clock may have started
        await hub.catch_up(found)
    await vacancy.after_leave(hub, found, seat, previous)  # its side may have nobody now
    notice = Notice(
        kind="reassigned",
        by=session.owner,
        seat=seat,
        name=student.name,
        previous=previous,
        at=now_ms(),
    )
    await hub.note(found, notice)
