"""Class sessions: making one, reading it, changing it safely across processes, its rooms, and
its channel.

`load_class(redis, code)` is what the other parts of the classroom (controls, the debrief) read.
A change is `change(store, code, fn)`: read the class, let `fn` change it, write it back if nobody
else changed it meanwhile (else read again and let `fn` decide again).
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from redis.asyncio import Redis

from server.bots import BOTS
from server.classroom.assign import (
    AssignError,
    Table,
    deal,
    empty_sides,
    side_of,
    side_seats,
    table_of,
)
from server.classroom.model import ClassSession, Setup, Student, name_key
from server.engine.commands import StartGame
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol.codes import CODE_ALPHABET
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side
from server.storage.classes import ClassStore

T = TypeVar("T")


class ClassError(Exception):
    """A request about a class that is refused: `code` is stable, `message` is for people,
    `status` the HTTP status that says it."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def not_found(code: str) -> ClassError:
    return ClassError("class_not_found", f"there is no class {code}", 404)


@dataclass(slots=True)
class Change:
    """What a change of a class writes besides the class: class tokens, and who moved."""

    tokens: dict[str, str] = field(default_factory=dict)
    moved: list[dict[str, Any]] = field(default_factory=list)
    """Students whose seat changed: id, and the room and seat they left (None if none)."""
    revoked: list[str] = field(default_factory=list)
    """Students whose class token stopped working (let in again): their devices leave."""
    dropped: dict[str, int] = field(default_factory=dict)
    """Rooms dropped from the class as never played (unplayed.py), each with the log position it
    was judged so at: the change is written only if no move came there since."""


async def load_class(redis: Redis, code: str) -> ClassSession | None:
    """Return the class with this code, or None."""
    found = await ClassStore(redis).read(code.upper())
    return None if found is None else ClassSession.model_validate_json(found[0])


async def load_classes(redis: Redis, codes: Sequence[str]) -> list[ClassSession | None]:
    """Return the classes with these codes, in order (None for one that is not there), read in
    one exchange with Redis."""
    found = await ClassStore(redis).read_many([code.upper() for code in codes])
    return [None if f is None else ClassSession.model_validate_json(f[0]) for f in found]


async def change(
    store: ClassStore,
    code: str,
    fn: Callable[[ClassSession, Change], Awaitable[T]],
) -> tuple[ClassSession, T, Change]:
    """Apply `fn` to the class and write it back; if another process changed the class
    meanwhile (or a room `fn` dropped as never played has had a move since: `Change.dropped`),
    read it again and run `fn` again. Return the class as written, what `fn` returned and the
    change."""
    for _ in range(30):
        found = await store.read(code)
        if found is None:
            raise not_found(code)
        session = ClassSession.model_validate_json(found[0])
        done = Change()
        result = await fn(session, done)
        doc = session.model_dump_json()
        if await store.save(
            code, session.owner, doc, found[1], 0, done.tokens, session.rooms, done.dropped
        ):
            return session, result, done
    raise ClassError("busy", "the class kept changing; try again", 503)


async def publish(hub_or_redis: Hub | Redis, code: str, message: dict[str, Any]) -> None:
    """Tell every process's followers (and dashboards) of class `code` about `message` (a
    dict with a `type`; one with a `student` reaches that student only)."""
    redis = hub_or_redis.redis if isinstance(hub_or_redis, Hub) else hub_or_redis
    await ClassStore(redis).publish(code, json.dumps(message, ensure_ascii=False))


async def changed(store: ClassStore, code: str, done: Change | None = None) -> None:
    """Tell the class's dashboards and followers that the class changed (and who moved)."""
    message: dict[str, Any] = {"type": "class_changed"}
    if done is not None and done.moved:
        message["moved"] = done.moved
    if done is not None and done.revoked:
        message["revoked"] = done.revoked
    await store.publish(code, json.dumps(message, ensure_ascii=False))


# ---------------------------------------------------------------- making a class


def check_setup(hub: Hub, setup: Setup) -> tuple[Ruleset, dict[Side, list[str]]]:
    """Return the scenario and each side's seats for the set-up; raise ClassError if it cannot
    be played."""
    rules = hub.scenarios.get(setup.scenario)
    if rules is None:
        known = ", ".join(sorted(hub.scenarios))
        raise ClassError("unknown_scenario", f"no scenario {setup.scenario!r} (known: {known})")
    if setup.bots is not None and setup.bots not in BOTS:
        raise ClassError("unknown_bot", f"no bot {setup.bots!r} (known: {', '.join(sorted(BOTS))})")
    if unknown := rules.unknown_phases(setup.seconds):
        raise ClassError("unknown_phase", f"{setup.scenario} has no phase {unknown[0]!r}")
    if setup.mode == "roster":
        if not setup.roster:
            raise ClassError("empty_roster", "a roster needs at least one name")
        seen: set[str] = set()
        for name in setup.roster:
            key = name_key(name)
            if key in seen:
                raise ClassError("duplicate_name", f"{name!r} is twice on the roster")
            seen.add(key)
    try:
        seats = side_seats(roles_of(rules), setup.team)
    except AssignError as error:
        raise ClassError(error.code, str(error)) from None
    return rules, seats


def roles_of(rules: Ruleset) -> dict[str, list[str]]:
    """Return each side's role ids in the scenario's order."""
    return {side: [role.id for role in rules.spec.sides[side].roles] for side in SIDES}


async def create_class(hub: Hub, owner: str, setup: Setup) -> ClassSession:
    """Make a class: a roster is dealt to rooms at once (the rooms made, a bot on any side with
    nobody if the class has bots); an open class gets rooms as students arrive."""
    rules, seats = check_setup(hub, setup)
    store = ClassStore(hub.redis)
    session = ClassSession(
        code="",
        owner=owner,
        title=setup.title or rules.scenario.name.en,
        scenario=setup.scenario,
        language=setup.language,
        mode=setup.mode,
        team=setup.team,
        timers=setup.timers,
        seconds=dict(setup.seconds),
        bots=setup.bots,
        same_deal=setup.same_deal,
        shuffle=setup.shuffle,
        seed=secrets.randbelow(2**62) if setup.same_deal else None,
        created_at=now_ms(),
    )
    ids = []
    for name in setup.roster if setup.mode == "roster" else []:
        student = Student(id=session.new_id(), name=name)
        session.students[student.id] = student
        ids.append(student.id)
    if setup.shuffle:
        random.Random(secrets.randbits(64)).shuffle(ids)
    for table in deal(ids, seats):
        bots = {side: session.bots for side in empty_sides(table) if session.bots}
        code = await open_class_room(hub, session, rules, bots)
        session.rooms.append(code)
        session.bot_sides[code] = sorted(bots)
        for seat, student_id in table.items():
            session.students[student_id].room = code
            session.students[student_id].seat = seat
    for _ in range(20):
        session.code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
        doc = session.model_dump_json()
        if await store.save(
            session.code, owner, doc, None, session.created_at, rooms=session.rooms
        ):
            return session
    raise ClassError("busy", "no free class code", 503)


async def open_class_room(
    hub: Hub, session: ClassSession, rules: Ruleset, bots: dict[Side, str]
) -> str:
    """Make and start one of the class's rooms (owned by the class's owner); return its code.
    Its clock waits for the players (live/lifecycle.py); with the same deal, every room of the
    class is dealt from the class's seed."""
    seed = session.seed if session.seed is not None else secrets.randbelow(2**62)
    room, _ = await hub.start_room(
        rules,
        session.language,
        dict(session.seconds),
        dict(bots.items()),
        session.timers,
        StartGame(seed=seed),
        session.owner,
        in_class=True,
    )
    return room.code


# ---------------------------------------------------------------- the rooms as tables


def waiting(room: Room) -> bool:
    """Whether the room's clock waits for its players (live/lifecycle.py)."""
    return room.waiting


def under_way(room: Room) -> bool:
    """Whether the room's game is in play: a move made (its clock started, with timers, is no
    sign: a side may have emptied before anybody moved; without timers there is no clock)."""
    return not room.waiting and room.played


def unseated_sides(session: ClassSession, code: str) -> tuple[Side, ...]:
    """Return the sides of the class's room `code` that no student sits on and no bot plays."""
    people = {side_of(seat) for seat in session.in_room(code)}
    bots = set(session.bot_sides.get(code, []))
    return tuple(side for side in SIDES if side not in people and side not in bots)


def to_start(room: Room, session: ClassSession) -> bool:
    """Whether Start all rooms has something to do in the room (server/classroom/steering.py):
    start its clock (it waits for its players), give a side nobody sits on the class's bot, or
    drop it (nobody placed there). A game over or in play is kept as it is; so is a room whose
    sides are all seated, its clock running (or, without timers, none to start)."""
    if room.state.finished or under_way(room):
        return False
    if room.waiting or not session.in_room(room.code):
        return True
    return bool(session.bots) and bool(unseated_sides(session, room.code))


async def class_rooms(hub: Hub, session: ClassSession) -> dict[str, Room]:
    """Return the class's rooms that still exist, by code."""
    found: dict[str, Room] = {}
    for code in session.rooms:
        room = await hub.room(code)
        if room is not None:
            found[code] = room
    return found


def tables_of(
    session: ClassSession, rooms: dict[str, Room], seats: dict[Side, list[str]]
) -> list[Table]:
    """Return the class's rooms, in order, as placing students sees them. A room counts as
    under way once the class is started and the room's clock runs — or, in a class still open,
    once its game is being played (its rooms start by themselves as both sides sit down)."""
    tables = []
    for code in session.rooms:
        room = rooms.get(code)
        tables.append(
            Table(
                seats=table_of(seats, session.in_room(code)),
                bots=set(session.bot_sides.get(code, [])),
                started=room is not None
                and not waiting(room)
                and (session.state != "open" or room.played),
                finished=room is None or room.state.finished,
            )
        )
    return tables
