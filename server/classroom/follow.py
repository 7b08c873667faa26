"""A student's socket following its class: it is told where the student sits (with the seat's
token), and again whenever the instructor moves them. The seat they left was given up on every
process already (steering.py: the seat's `left` presence); a socket still seated there is taken
out of that room first all the same. It is told again too, its seat unchanged, when whom the
class gives its room's other seats (`room_seats`, the lobby's "waiting for Bo") or the room's
number changes: a classmate moved in or out, taken out of the class, or added to the room."""

from __future__ import annotations

from dataclasses import dataclass

from server.classroom.classes import ClassError, load_class
from server.classroom.guests import take_from_guest
from server.classroom.joining import student_by_token, take_seat
from server.classroom.model import ClassSession, Student
from server.live import handlers
from server.live.connection import Connection
from server.live.hub import Hub
from server.protocol import ClassFollowed, Error, FollowClass
from server.storage.classes import ClassStore
from server.storage.store import token_hash


@dataclass(slots=True)
class Follower:
    """A socket following a class as one of its students; `room` and `seat`: where it was
    last told the student sits."""

    code: str
    student: str
    token: str
    room: str | None = None
    seat: str | None = None
    seat_token: str | None = None
    """The seat's token it was last told (the same while the student sits there)."""
    told: tuple[int | None, dict[str, str]] | None = None
    """The room's number and seats (`room_seats`) it was last told."""


def _told(follower: Follower, message: ClassFollowed) -> ClassFollowed:
    """Note what `message` tells the follower (sent to it now) and return it."""
    follower.room, follower.seat, follower.seat_token = message.room, message.seat, message.token
    follower.told = (message.room_number, message.room_seats)
    return message


def followed(session: ClassSession, follower: Follower, token: str | None) -> ClassFollowed:
    student = session.students[follower.student]
    return ClassFollowed(
        code=session.code,
        title=session.title,
        student=student.id,
        name=student.name,
        room=student.room,
        room_number=session.rooms.index(student.room) + 1
        if student.room in session.rooms
        else None,
        seat=student.seat,
        token=token,
        state=session.state,
        language=session.language,
        room_seats={
            other.seat: other.name
            for other in session.students.values()
            if student.room and other.room == student.room and other.seat
        },
    )


async def start_following(
    hub: Hub, store: ClassStore, request: FollowClass
) -> tuple[Follower, ClassFollowed]:
    """Check the student's class token and give them their seat; return the follower and the
    reply (where they sit)."""
    code = request.code
    student = await student_by_token(store, code, request.token)
    session = await load_class(hub.redis, code)
    if session is None or student not in session.students:
        raise ClassError("class_not_found", f"there is no class {code}", 404)
    follower = Follower(code, student, request.token)
    token = await seated(hub, store, session, session.students[student], request.token)
    reply = _told(follower, followed(session, follower, token))
    return follower, reply.model_copy(update={"id": request.id})


async def refresh(
    hub: Hub,
    store: ClassStore,
    code: str,
    followers: dict[Connection, Follower],
    students: set[str] | None,
) -> None:
    """The class changed (`students`: those it moved or let in again; None: anyone may have):
    tell each following socket whose seat is not where it was told, and take it out of the room
    it sat in; tell one whose seat is where it was again if its room's seats are given to other
    students now (a classmate moved in or out: the lobby names whom a seat waits for), or the
    room's number changed (a room before it dropped)."""
    if not followers:
        return
    session = await load_class(hub.redis, code)
    if session is None:
        return
    for conn, follower in list(followers.items()):
        student = session.students.get(follower.student)
        if student is None:  # taken out of the class
            await _leave_room(hub, conn, follower.room, follower.seat)
            followers.pop(conn, None)
            conn.send(Error(code="left_class", message="your teacher took you out of the class"))
            continue
        checked = students is None or follower.student in students
        if checked and await store.student_of(code, token_hash(follower.token)) != follower.student:
            # let in again: this device's class token no longer holds the student's place (a
            # classmate who joined under their name, say), so it leaves the seat
            await _leave_room(hub, conn, follower.room, follower.seat)
            followers.pop(conn, None)
            told = "your teacher let you in again: join the class by name once more"
            conn.send(Error(code="bad_class_token", message=told))
            continue
        if (student.room, student.seat) == (follower.room, follower.seat):
            again = followed(session, follower, follower.seat_token)
            if (again.room_number, again.room_seats) != follower.told:
                conn.send(_told(follower, again))
            continue
        await _leave_room(hub, conn, follower.room, follower.seat)
        token = await seated(hub, store, session, student, follower.token)
        follower.room, follower.seat = student.room, student.seat
        conn.send(_told(follower, followed(session, follower, token)))


async def seated(
    hub: Hub, store: ClassStore, session: ClassSession, student: Student, class_token: str
) -> str | None:
    """Give the student the seat the class assigns them (take_seat); return its token. Someone
    else holding it loses it first, told (guests.py)."""
    await take_from_guest(hub, store, session, student)
    return await take_seat(store, student, class_token)


async def _leave_room(hub: Hub, conn: Connection, room: str | None, seat: str | None) -> None:
    if conn.room is not None and conn.room.code == room and conn.seat == seat:
        await handlers.leave(hub, conn)
