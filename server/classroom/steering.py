"""What the instructor does to a class's seating: move a student (before or during play), add
students to a roster, let a student in again, take one out, and start every room.

A student who is moved loses their old seat at once (its token stops working) and is told over
the class's channel; their browser takes the new seat (follow.py). For the game they left it is a
player's leave: `seat_left` in its log, and its clock waits while their side has nobody
(server/live/vacancy.py).
"""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError

from server.classroom import assign
from server.classroom.assign import AssignError
from server.classroom.classes import (
    Change,
    ClassError,
    change,
    changed,
    check_setup,
    class_rooms,
    load_class,
    open_class_room,
    tables_of,
    under_way,
    unseated_sides,
)
from server.classroom.guests import take_from_guest
from server.classroom.joining import seat_newcomer
from server.classroom.leavers import left_at
from server.classroom.model import ClassSession, HeldSeat, Student, name_key
from server.classroom.roster import MAX_NAME
from server.classroom.unplayed import drop_unplayed
from server.live import vacancy
from server.live.hub import Hub
from server.live.lifecycle import start_clock
from server.live.loading import now_ms
from server.live.reading import ENTRY_LIST
from server.live.rooms import Room
from server.protocol import Presence
from server.replay.holders import BOOKKEEPING
from server.ruleset.model import UnplayableRules
from server.ruleset.schema import Side
from server.storage.classes import ClassStore
from server.storage.store import BrokenLog

log = logging.getLogger("brink.classroom")

NEW_ROOM = "new"


def _still_on(session: ClassSession) -> None:
    """Refuse to seat anyone in a class that has ended (a new room would wait for students who
    cannot join it any more)."""
    if session.state == "ended":
        raise ClassError("class_over", "this class has ended", 409)


async def _left(
    hub: Hub,
    session: ClassSession,
    student: Student,
    room: str | None,
    seat: str | None,
    removed: bool = False,
    until: int | None = None,
) -> None:
    """Note that `student` left `seat` of `room` (one of the class's), for the debrief: where
    the room's log stands now (or `until`) is as far as they played it (`removed`: taken out
    of the class, not moved) — or, if they gave the seat up themselves before (the table's
    Leave) and have not taken it again, their Leave (`left`). A student who never joined
    never sat there."""
    if room is None or seat is None or room not in session.rooms or not student.joined:
        return
    if (student.room, student.seat) == (room, seat):
        return
    before = max((h.until for h in session.held if (h.room, h.seat) == (room, seat)), default=0)
    # after their own Leave (not back since): it ended their part there, not this
    gave_up = await left_at(hub.store, room, seat, student.name, before)
    if gave_up is not None:
        until = gave_up
    elif until is None:
        until = await hub.store.position(room)
    if 0 < before < until and await _nothing_played(hub, room, before):
        until = before  # moved in and out again: they held nothing (only leaves were logged)
    session.held.append(
        HeldSeat(
            student=student.id,
            name=student.name,
            room=room,
            seat=seat,
            until=until,
            removed=removed,
            left=gave_up is not None,
        )
    )


async def _nothing_played(hub: Hub, room: str, n: int) -> bool:
    """Whether room `room`'s log after position `n` holds only what seats left logged: a student
    moved into a seat there then (its holder's leave logged after the class noted where they
    left) and out again has played nothing (server/replay/debrief_holders.py lists them not)."""
    raw = await hub.store.entries_since(room, n)
    entries = ENTRY_LIST.validate_json(f"[{','.join(raw)}]") if raw else []
    return all(e.notice is not None and e.notice.kind in BOOKKEEPING for e in entries)


def _moved(student: Student, room: str | None, seat: str | None) -> dict[str, Any]:
    return {
        "student": student.id,
        "from_room": room,
        "from_seat": seat,
        "room": student.room,
        "seat": student.seat,
    }


async def free_old_seats(hub: Hub, store: ClassStore, done: Change, left: bool = True) -> None:
    """Empty the seats that moved students left: their tokens stop working at once, and every
    socket still holding one, on every process, leaves the room (the seat's `left` presence with
    the name it was held by). A student moved into one of them takes it when told (follow.py).
    With `left`, the game sees it as a player's leave (handlers.leave_room): `seat_left` in the
    room's log, and its clock waits while the seat's side has nobody (vacancy.py)."""
    for moved in done.moved:
        code, seat = moved["from_room"], moved["from_seat"]
        if not code or not seat:
            continue
        name = (await hub.store.seats(code)).get(seat, "")  # read before the seat is freed
        if not await store.free_seat(code, seat):
            continue
        await hub.announce(code, Presence(seat=seat, name=name, status="left"))
        room = await _room(hub, code) if left else hub.rooms.get(code)
        if room is None:
            continue
        if left and not room.state.finished:
            try:
                async with room.lock:  # as it stands in Redis: its clock may have started
                    await hub.catch_up(room)
            except (BrokenLog, RedisError, OSError) as error:  # the other moves go on
                log.warning("room %s: a seat freed by the class, but not logged: %s", code, error)
            else:
                await vacancy.after_leave(hub, room, seat, name or "player")
        await hub.unseat(room, seat)  # and let go again if nobody here watches it


async def _room(hub: Hub, code: str) -> Room | None:
    """The room (loaded here if this process does not hold it), or None if it cannot be read:
    the seat is freed all the same, only not logged."""
    try:
        return await hub.room(code)
    except (BrokenLog, UnplayableRules, RedisError, OSError) as error:
        log.warning("room %s: a seat freed by the class, but not logged: %s", code, error)
        return None


async def move_student(hub: Hub, code: str, student_id: str, room: str, seat: str) -> ClassSession:
    """Move a student to `seat` of `room` (a room code of the class, or NEW_ROOM); whoever
    sat there takes the student's old seat."""
    store = ClassStore(hub.redis)
    made: dict[int, str] = {}

    async def shift(session: ClassSession, done: Change) -> None:
        student = session.students.get(student_id)
        if student is None:
            raise ClassError("no_student", f"the class has no student {student_id}", 404)
        _still_on(session)
        rules, seats = check_setup(hub, session.setup())
        index = session.rooms.index(room) if room in session.rooms else -1
        if room == NEW_ROOM:
            if not any(seat in side_seats for side_seats in seats.values()):
                # refused before a room is made for it (it stayed, in no class)
                raise ClassError("bad_seat", f"a room of this class has no seat {seat}", 409)
            index = len(session.rooms)
            if index not in made:
                made[index] = await open_class_room(hub, session, rules, {})
            session.rooms.append(made[index])
            session.bot_sides[made[index]] = []
        elif index < 0:
            raise ClassError("bad_room", f"room {room} is not one of this class's", 404)
        rooms = await class_rooms(hub, session)
        try:
            moves = assign.move(tables_of(session, rooms, seats), student_id, index, seat)
        except AssignError as error:
            raise ClassError(error.code, str(error), 409) from None
        for who, (at, where) in moves.items():
            moving = session.students[who]
            before = (moving.room, moving.seat)
            moving.room = session.rooms[at] if at >= 0 else None
            moving.seat = where if at >= 0 else None
            done.moved.append(_moved(moving, *before))
            await _left(hub, session, moving, *before)
        await drop_unplayed(hub, session, rooms, done)

    session, _, done = await change(store, code, shift)
    await free_old_seats(hub, store, done)
    for (
        moved
    ) in done.moved:  # a seat someone else holds (given by the room's Controls): theirs no more
        student = session.students.get(moved["student"])
        if student is not None and student.room is not None:
            await take_from_guest(hub, store, session, student)
    await changed(store, code, done)
    return session


async def seat_given(hub: Hub, room: str, seat: str, n: int) -> None:
    """The instructor gave `seat` of room `room` to someone else with the room's Controls (its
    `reassigned` notice to come at log position `n`). In a class's room, the student the class
    seated there holds it no more: the class says they sit nowhere (the dashboard lists them so, and
    joining again gives them no seat there), and the debrief credits them up to the notice
    (the log names them, `previous`, before the one given the seat)."""
    store = ClassStore(hub.redis)
    code = await store.class_of(room)
    if code is None:
        return

    async def unseat(session: ClassSession, done: Change) -> None:
        holder = session.in_room(room).get(seat) if room in session.rooms else None
        if holder is None:
            return
        student = session.students[holder]
        student.room = student.seat = None
        done.moved.append(_moved(student, room, seat))
        await _left(hub, session, student, room, seat, until=n - 1)

    _, _, done = await change(store, code, unseat)
    if done.moved:  # the seat is given on already (the notice dismisses its sockets)
        await changed(store, code, done)


async def seated_there(hub: Hub, room: str, seat: str, name: str) -> bool:
    """Whether the student the class seats at `seat` of room `room` is `name` (whatever its
    capitals and spaces): giving them that seat with the room's Controls would give them
    nothing, and seat them nowhere in the class (seat_given)."""
    code = await ClassStore(hub.redis).class_of(room)
    session = None if code is None else await load_class(hub.redis, code)
    holder = None if session is None else session.in_room(room).get(seat)
    if session is None or holder is None:
        return False
    return name_key(session.students[holder].name) == name_key(name)


async def add_students(hub: Hub, code: str, names: list[str]) -> ClassSession:
    """Add students to the class (a roster's latecomers); each is placed as a late joiner."""
    store = ClassStore(hub.redis)
    made: dict[int, str] = {}
    for name in names:  # a student joins by the name as added: a longer one could not join
        if len(name) > MAX_NAME:
            said = f"a name is 1 to {MAX_NAME} characters: {name[:MAX_NAME]}… has {len(name)}"
            raise ClassError("bad_name", said, 400)

    async def add(session: ClassSession, done: Change) -> None:
        _still_on(session)
        for name in names:
            if session.by_name(name) is not None:
                raise ClassError("duplicate_name", f"{name!r} is in the class already", 409)
            student = Student(id=session.new_id(), name=name)
            session.students[student.id] = student
            await seat_newcomer(hub, session, student, made)

    session, _, done = await change(store, code, add)
    await changed(store, code, done)
    return session


async def let_in_again(hub: Hub, code: str, student_id: str) -> ClassSession:
    """Revoke the student's class token: they may join again by name (on another device)."""
    store = ClassStore(hub.redis)

    async def reset(session: ClassSession, done: Change) -> None:
        student = session.students.get(student_id)
        if student is None:
            raise ClassError("no_student", f"the class has no student {student_id}", 404)
        _still_on(session)  # an ended class takes nobody in: they could not join again
        student.joined = False
        done.revoked.append(student_id)

    session, _, done = await change(store, code, reset)
    await store.revoke(code, student_id)
    await changed(store, code, done)
    return session


async def remove_student(hub: Hub, code: str, student_id: str) -> ClassSession:
    """Take a student out of the class: their seat is emptied and their token stops working (a
    room they leave with nobody in it, never played, is dropped as after a move)."""
    store = ClassStore(hub.redis)

    async def drop(session: ClassSession, done: Change) -> None:
        _still_on(session)  # its games are over: the debrief credits everyone who played
        student = session.students.pop(student_id, None)
        if student is None:
            raise ClassError("no_student", f"the class has no student {student_id}", 404)
        room, seat = student.room, student.seat
        student.room = student.seat = None
        done.moved.append(_moved(student, room, seat))
        await _left(hub, session, student, room, seat, removed=True)
        await drop_unplayed(hub, session, await class_rooms(hub, session), done)

    session, _, done = await change(store, code, drop)
    await store.revoke(code, student_id)
    await free_old_seats(hub, store, done)
    await changed(store, code, done)
    return session


async def start_class(hub: Hub, code: str, by: str) -> ClassSession:
    """Start every room: a room still waiting for its players with a side nobody sits on gets
    a bot there, if the class has bots (the room is made again with the bot, and its students
    moved into it: nobody has played the missing side, so the game there has not really
    begun); a waiting room nobody sits in is dropped; a room whose game is in play or over is
    kept as it is; then every room's clock starts."""
    store = ClassStore(hub.redis)
    remade: dict[tuple[str, tuple[Side, ...]], str] = {}

    async def begin(session: ClassSession, done: Change) -> None:
        if session.state == "ended":
            raise ClassError("class_over", "this class has ended", 409)
        rules, _ = check_setup(hub, session.setup())
        rooms = await class_rooms(hub, session)
        kept: list[str] = []
        for room_code in session.rooms:
            room = rooms.get(room_code)
            seated = session.in_room(room_code)
            bots = set(session.bot_sides.get(room_code, []))
            empty = unseated_sides(session, room_code)
            if room is None or room.state.finished or under_way(room):
                # over, or its game in play (a move made, then a side was emptied):
                # kept as it is, never made again from its first hand nor dropped; a bot
                # for an empty side of a game in play is the room's Controls' Bot in
                kept.append(room_code)
                continue
            if not seated:
                continue  # nobody was placed here: the room is left unused
            if empty and session.bots:
                key = (room_code, empty)
                if key not in remade:
                    with_bots = dict.fromkeys((*sorted(bots), *empty), session.bots)
                    remade[key] = await open_class_room(hub, session, rules, with_bots)
                new_code = remade[key]
                session.bot_sides[new_code] = sorted({*bots, *empty})
                for student_id in seated.values():
                    student = session.students[student_id]
                    before = (student.room, student.seat)
                    student.room = new_code
                    done.moved.append(_moved(student, *before))
                kept.append(new_code)
                continue
            kept.append(room_code)
        session.rooms = kept
        # The rooms made again with bots, and those left unused, are no longer the class's.
        session.bot_sides = {c: sides for c, sides in session.bot_sides.items() if c in kept}
        session.state = "started"
        session.started_at = session.started_at or now_ms()

    session, _, done = await change(store, code, begin)
    # its students moved into the room made again with a bot: the room left was never played
    await free_old_seats(hub, store, done, left=False)
    await changed(store, code, done)
    await start_clocks(hub, session, by)
    return session


async def start_clocks(hub: Hub, session: ClassSession, by: str) -> int:
    """Start the clock of every room of the class still waiting for its players; return how
    many were started."""
    started = 0
    for room in (await class_rooms(hub, session)).values():
        if room.waiting and await start_clock(hub, room, by, "class_started"):
            started += 1
    return started
