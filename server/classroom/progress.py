"""Where a class's games stand, for the instructor's list of classes: how many of its rooms wait
for their players, are played, are paused or are over, and one word for the class.

The class's own `state` says only what the instructor did (`open` until Start all rooms, though
a room's clock starts as soon as both its sides sit down): the list read "students joining" for
a class whose every game was being played, or over. The rooms say what is happening.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from typing import Literal

from redis.exceptions import RedisError

from server.classroom.model import ClassSession
from server.live.hub import Hub
from server.live.rooms import Room
from server.ruleset.model import UnplayableRules
from server.storage.store import BrokenLog

RoomState = Literal["waiting", "playing", "paused", "finished"]
ROOM_STATES: tuple[RoomState, ...] = ("waiting", "playing", "paused", "finished")
Progress = Literal["waiting", "playing", "paused", "under_way", "finished", "ended"]


def room_state(room: Room) -> RoomState:
    """Return where one room stands: over, its clock not started yet (waiting for its players;
    without timers, nobody has moved yet), paused (by the instructor, or by the server with
    nobody there), else played."""
    if room.state.finished:
        return "finished"
    if room.waiting or not (room.info.timers or room.played):
        return "waiting"
    if room.paused is not None:
        return "paused"
    return "playing"


def progress_of(state: str, counts: dict[RoomState, int]) -> Progress:
    """Return the class in one word: `ended` (the instructor ended it), `finished` (every
    room's game is over), `playing` (a room is played), `paused` (rooms under way, every one
    paused), `under_way` (a room's game is over, the others still wait for their players),
    else `waiting` (students joining: no clock started)."""
    if state == "ended":
        return "ended"
    if counts["finished"] and not (counts["waiting"] or counts["playing"] or counts["paused"]):
        return "finished"
    if counts["playing"]:
        return "playing"
    if counts["paused"]:
        return "paused"
    if counts["finished"]:  # a game played to its end: the class is no longer only joining
        return "under_way"
    return "waiting"


READ_AT_ONCE = 16
"""How many rooms the list of classes reads from Redis at once (each read is a few round trips,
and a room this process does not hold is loaded and replayed)."""


async def classes_counts(hub: Hub, sessions: Sequence[ClassSession]) -> list[dict[RoomState, int]]:
    """Return, for each class, how many of its rooms stand where (a room gone from Redis, past
    its expiry, counts as over): every room of every class read concurrently, READ_AT_ONCE at
    a time. A room that cannot be read (its rules unplayable, its log broken, Redis away) is
    not counted: the list still shows."""
    gate = asyncio.Semaphore(READ_AT_ONCE)

    async def read(code: str) -> RoomState | None:
        async with gate:
            return await _room_state(hub, code)

    codes = [code for session in sessions for code in session.rooms]
    states = iter(await asyncio.gather(*(read(code) for code in codes)))
    found = []
    for session in sessions:
        counts: dict[RoomState, int] = dict.fromkeys(ROOM_STATES, 0)
        for state in itertools.islice(states, len(session.rooms)):
            if state is not None:
                counts[state] += 1
        found.append(counts)
    return found


async def _room_state(hub: Hub, code: str) -> RoomState | None:
    """Return where room `code` stands (over if it is gone), or None if it cannot be read. A
    room this process does not hold is read and let go again, as a peek at a room is (http.py
    `room_info`)."""
    try:
        room = await hub.room(code)
    except (BrokenLog, UnplayableRules, RedisError):
        return None
    if room is None:
        return "finished"
    try:
        return room_state(room)
    finally:
        hub.release(room)
