"""Students joining a class by its code and their name, and the seat each one is given.

A student who joins gets a class token (kept by their browser); with it they follow the class and
take the seat they are assigned. The seat's own token (for `resume`) is worked out from the class
token, the room and the seat, so every tab of the student's gets the same one and nothing secret
is stored: the room keeps only its hash, as for every seat. When the student is moved, their old
seat is emptied, so its token stops working.
"""

from __future__ import annotations

import base64
import hashlib

from server.classroom.assign import place
from server.classroom.classes import (
    Change,
    ClassError,
    change,
    changed,
    check_setup,
    class_rooms,
    open_class_room,
    tables_of,
)
from server.classroom.model import ClassSession, Student, is_name, tidy_name
from server.live.hub import Hub
from server.live.loading import now_ms
from server.protocol.tokens import new_token
from server.storage.classes import ClassStore
from server.storage.store import token_hash


def seat_token(class_token: str, room: str, seat: str) -> str:
    """Return the seat token of the student holding `class_token` for `seat` of `room`."""
    digest = hashlib.sha256(f"{class_token}|{room}|{seat}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:32]


async def join_class(hub: Hub, code: str, name: str) -> tuple[ClassSession, Student, str]:
    """Let a student into the class: matched to the roster by name (case and spaces ignored),
    or, in an open class, added and placed. Return the class, the student and their class
    token."""
    name = tidy_name(name)
    if not is_name(name) or len(name) > 40:
        raise ClassError("bad_name", "a name is 1 to 40 characters")
    store = ClassStore(hub.redis)
    token = new_token(24)
    hashed = token_hash(token)
    made: dict[int, str] = {}
    """Rooms made for this student by an attempt that lost a race (used by the next one)."""

    async def admit(session: ClassSession, done: Change) -> Student:
        if session.state == "ended":
            raise ClassError("class_over", "this class has ended", 409)
        student = session.by_name(name)
        if session.mode == "roster":
            if student is None:
                raise ClassError(
                    "not_on_roster", f"{name!r} is not on the class's roster: ask your teacher", 404
                )
        elif student is None:
            student = Student(id=session.new_id(), name=name)
            session.students[student.id] = student
            await seat_newcomer(hub, session, student, made)
        if student.joined:
            raise ClassError(
                "name_taken",
                f"{student.name} has joined already: ask your teacher to let you in again",
                409,
            )
        student.joined, student.joined_at = True, now_ms()
        done.tokens = {hashed: student.id, f"s:{student.id}": hashed}
        return student

    session, student, done = await change(store, code, admit)
    await changed(store, code, done)
    return session, student, token


async def seat_newcomer(
    hub: Hub, session: ClassSession, student: Student, made: dict[int, str] | None = None
) -> None:
    """Place a student who has no seat: a free seat in a room (rules in assign.py), else a new
    room (which waits for its other players). `made` keeps rooms made by earlier attempts of
    the same change, by their index, so a retried change does not make another."""
    rules, seats = check_setup(hub, session.setup())
    rooms = await class_rooms(hub, session)
    spot = place(tables_of(session, rooms, seats))
    if spot is None:
        index = len(session.rooms)
        made = {} if made is None else made
        if index not in made:
            made[index] = await open_class_room(hub, session, rules, {})
        code = made[index]
        session.rooms.append(code)
        session.bot_sides[code] = []
        spot = (index, seats["washington"][0])
    student.room, student.seat = session.rooms[spot[0]], spot[1]


async def student_by_token(store: ClassStore, code: str, token: str) -> str:
    """Return the id of the student whose class token this is; refuse anything else."""
    student = await store.student_of(code, token_hash(token))
    if student is None:
        raise ClassError("bad_class_token", "that is not a student's token in this class", 403)
    return student


async def take_seat(store: ClassStore, student: Student, class_token: str) -> str | None:
    """Give the student the seat they are assigned (if any); return its seat token."""
    if student.room is None or student.seat is None:
        return None
    token = seat_token(class_token, student.room, student.seat)
    await store.give_seat(student.room, student.seat, token_hash(token), student.name)
    return token
