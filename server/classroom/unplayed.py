"""Rooms of a class that its students' moves left empty before anyone played there: no outcome
of the class, dropped from it (steering.py calls `drop_unplayed` as it moves or removes them)."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from server.classroom.classes import Change, under_way
from server.classroom.model import ClassSession
from server.live.hub import Hub
from server.live.rooms import Room
from server.storage.store import BrokenLog

log = logging.getLogger("brink.classroom")


async def drop_unplayed(
    hub: Hub, session: ClassSession, rooms: dict[str, Room], done: Change
) -> None:
    """Drop from the class each room the students `done.moved` (or removed) left that has nobody in
    it now and whose game nobody played (its clock never started, or no move made): a room
    made for a student moved to "a new room" and moved back, say. Nothing happened there, so
    it is no outcome of the class (its debrief, its games' CSV), nor a room Start all rooms, a
    Pause for every room or the dashboard wait for. A room someone the room's Controls seated
    holds a seat of is kept. Decided on the room as Redis holds it (`rooms`, this process's
    copies, are brought up to it first), at a log position the change notes (`done.dropped`):
    the class is written only if the room's log is still there (storage/classes.py SAVE), so a
    move its student made meanwhile — before their seat was freed — keeps the room, decided
    again on the change's next try."""
    moved = done.moved
    for room_code in {m["from_room"] for m in moved if m["from_room"]}:
        room = rooms.get(room_code)
        if room is None or room_code not in session.rooms or session.in_room(room_code):
            continue
        if not await _as_stored(hub, room):
            continue  # cannot tell whether anyone played there: kept
        if room.state.finished or under_way(room) or (room.info.bots and not room.waiting):
            continue  # played, or a bot's clock running there: its game goes on
        judged = room.n  # the log position it is judged unplayed at (read with the above)
        left = {m["from_seat"] for m in moved if m["from_room"] == room_code}
        if set(await hub.store.seats(room_code)) - left:
            continue  # a seat given there (not on the roster): someone is in it
        session.rooms.remove(room_code)
        session.bot_sides.pop(room_code, None)
        done.dropped[room_code] = judged


async def _as_stored(hub: Hub, room: Room) -> bool:
    """Bring this process's copy of `room` up to what Redis holds (another process may have
    committed a move there that pub/sub has not brought yet); False if it cannot be read."""
    try:
        async with room.lock:
            await hub.catch_up(room)
    except (BrokenLog, RedisError, OSError) as error:
        log.warning("room %s: kept in the class, its log not read: %s", room.code, error)
        return False
    return True
