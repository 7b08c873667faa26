"""What the server does with each client message (after ws.py has parsed and checked it)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from server.bots import BOTS
from server.engine import EngineError
from server.live import damage, lifecycle, sitting, vacancy
from server.live.commit import Answer, Conflict
from server.live.connection import Connection
from server.live.hub import Hub
from server.live.rooms import Room
from server.protocol import (
    Accepted,
    Act,
    Chat,
    ChatLine,
    CreateRoom,
    Join,
    Leave,
    Left,
    PlayBot,
    Pong,
    Presence,
    Reply,
    Resume,
    Resync,
    RoomCreated,
    Update,
)
from server.protocol.tokens import new_token
from server.replay.visible import viewer_of
from server.ruleset.schema import SIDES
from server.storage.store import RoomGone, token_hash


class Refusal(Exception):
    """A request the server refuses: `code` is stable, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


Handler = Callable[[Hub, Connection, Any], Awaitable[Reply | Update | None]]


async def create_room(hub: Hub, conn: Connection, request: CreateRoom) -> RoomCreated:
    _check_setup(hub, request.scenario, request.bots.values())
    rules = hub.scenarios[request.scenario]
    if unknown := rules.unknown_phases(request.seconds):
        phases = ", ".join(sorted(phase.id for phase in rules.phases))
        missing = ", ".join(map(repr, unknown))
        raise Refusal(
            "unknown_phase", f"no phase {missing} in {request.scenario} (its phases: {phases})"
        )
    room, key = await hub.create_room(
        request.scenario,
        request.language,
        request.seconds,
        dict(request.bots.items()),
        request.timers,
        owner=conn.account or "",
    )
    return RoomCreated(id=request.id, code=room.code, instructor_key=key)


def _check_setup(hub: Hub, scenario: str, bots: Any) -> None:
    if scenario not in hub.scenarios:
        known = ", ".join(sorted(hub.scenarios))
        raise Refusal("unknown_scenario", f"no scenario {scenario!r} (known: {known})")
    for bot in bots:
        if bot not in BOTS:
            raise Refusal("unknown_bot", f"no bot {bot!r} (known: {', '.join(sorted(BOTS))})")


async def room_by_code(hub: Hub, code: str) -> Room:
    """The room `code`, loaded here if need be; refused if there is none (`room_not_found`)
    or its log was found not to line up (`broken_log`)."""
    room = await hub.room(code)
    if room is None:
        raise Refusal("room_not_found", f"there is no room {code}")
    damage.check(room)  # its log found not to line up: broken_log
    return room


@contextlib.asynccontextmanager
async def arriving(hub: Hub, code: str) -> AsyncIterator[Room]:
    """The room a connection is being seated in (`seat_connection`), counted as arriving until it is
    seated or refused: the process does not let the copy go meanwhile (`Hub.release`). A copy
    let go while a join or resume held it kept the connection, in a copy nobody held: it heard
    none of the other processes' commits."""
    room = await room_by_code(hub, code)
    room.arriving += 1
    try:
        yield room
    finally:
        room.arriving -= 1


async def join(hub: Hub, conn: Connection, request: Join) -> None:
    _not_seated(conn)
    async with arriving(hub, request.code) as room:
        await _join(hub, conn, room, request)


async def _join(hub: Hub, conn: Connection, room: Room, request: Join) -> None:
    token: str | None = None
    if request.instructor_key is not None:
        if token_hash(request.instructor_key) != room.info.instructor_hash:
            raise Refusal("bad_key", "that is not this room's instructor key")
        seat, role = "instructor", "instructor"
    elif request.as_owner:
        if conn.account is None or conn.account != room.info.owner:
            raise Refusal("not_owner", "only the instructor who owns this room may open it so")
        seat, role = "instructor", "instructor"
    elif request.seat is None:
        seat, role = "spectator", "spectator"
    else:
        if room.info.in_class:
            raise Refusal(
                "class_seat",
                "this room's seats are given by its class: join the class with its code",
            )
        await _check_seat(hub, room, request.seat)
        token = new_token(24)  # the seat is claimed with it as the room is read
        seat, role = request.seat, "player"
    claim = role == "player"
    return await seat_connection(
        hub, conn, room, seat, role, token, request.name, 0, request.id, claim
    )


async def _check_seat(hub: Hub, room: Room, seat: str) -> None:
    if room.info.rematch_of and not await _given_up(hub, room, seat):
        # its seats are the old room's players' (server/live/rematch.py), until one is given up
        old = room.info.rematch_of
        raise Refusal("rematch_seat", f"the players of room {old} take this rematch's seats")
    side, _, role = seat.partition(":")
    if side in room.bots:
        raise Refusal("seat_taken", f"a bot plays {side}")
    roles = {r.id for r in room.rules.spec.sides[side].roles}  # type: ignore[index]
    if role and role not in roles:
        known = ", ".join(sorted(roles)) or "none"
        raise Refusal("unknown_role", f"{side} has no role {role!r} (roles: {known})")


async def _given_up(hub: Hub, room: Room, seat: str) -> bool:
    """Whether a player gave `seat` up (`seat_left`): this copy may have been read from a
    snapshot later than the notice, so its log is read when the copy does not know."""
    if seat in room.given_up:
        return True
    for notice in await lifecycle.logged_notices(hub, room):
        if notice.kind == "seat_left":
            room.given_up.add(notice.seat or "")
    return seat in room.given_up


def _not_seated(conn: Connection) -> None:
    if conn.room is not None or conn.ticket is not None:
        raise Refusal("already_joined", "this connection is already in a room or a queue")


async def resume(hub: Hub, conn: Connection, request: Resume) -> None:
    _not_seated(conn)
    async with arriving(hub, request.code) as room:
        seat = await hub.store.seat_of(room.code, request.token)
        if seat is None:
            raise Refusal("bad_token", "that token holds no seat in this room")
        names = await hub.store.seats(room.code)
        name = names.get(seat, "player")
        await seat_connection(
            hub, conn, room, seat, "player", request.token, name, request.since, request.id
        )


async def seat_connection(
    hub: Hub,
    conn: Connection,
    room: Room,
    seat: str,
    role: str,
    token: str | None,
    name: str,
    since: int,
    request_id: str | None,
    claim: bool = False,
) -> None:
    """Seat the connection and send it `joined` — queued before the connection joins the room's
    audience, so no update can overtake it. With `claim`, the seat is given to `token` first,
    in the same script as the read (seat_taken if somebody holds it), and given up again if
    what was read cannot be taken in (broken_log): the token was never sent."""
    # The seat's first connection, new to the game, has joined; any other is here.
    here = Presence(seat=seat, name=name, status="here")
    first = Presence(seat=seat, name=name, status="joined") if since == 0 else here
    counted: int | None = None  # the seat's connections, when counted with the claim
    async with room.lock:
        # One read brings the copy up to date, gives what the client missed and who sits where.
        conn.read_presence = room.presence_told
        if claim and token is not None:
            try:
                found = await hub.join_seat(
                    room, seat, token, name, min(since, room.n), (first, here)
                )
            except RoomGone:  # expired since this copy was loaded: nothing was claimed
                raise Refusal("room_not_found", f"there is no room {room.code}") from None
            if found is None:
                raise Refusal("seat_taken", f"{seat} is taken; choose another or watch")
            entries, names, counted, connected, fresh = found
        else:
            read = await hub.entries_and_names(room, min(since, room.n))
            entries, names, connected, fresh = read
        try:
            await hub.absorb(room, entries)
        except Exception:
            if claim:  # the seat given up and the connection uncounted, each on its own
                left = Presence(seat=seat, name=name, status="left")
                with contextlib.suppress(RedisError, OSError):  # the first error is the one
                    await hub.store.free_seat(room.code, seat)
                with contextlib.suppress(RedisError, OSError):
                    await hub.present(room.code, seat, -1, left)
            raise
        if since > room.n:  # compared with the log as just read
            raise Refusal("bad_since", f"since is past the room's log, which ends at {room.n}")
        conn.room, conn.seat, conn.name = room, seat, name
        conn.viewer = viewer_of(seat)
        entries = [entry for entry in entries if entry.n > since]
        visible = [e for e in (room.visible(entry, conn.viewer) for entry in entries) if e]
        fields = {
            "id": request_id,
            "code": room.code,
            "seat": seat,
            "role": role,
            "token": token,
            "scenario": room.info.scenario,
            "language": room.info.language,
            "in_class": room.info.in_class,
            "forked_from": room.info.forked(),
            "elsewhere": hub.elsewhere(room.code),
            "seats": sitting.seats(room, names),
            "present": sitting.present(names, connected, seat if role == "player" else None),
            "given": sitting.given(names, fresh, seat if role == "player" else None),
        }
        conn.send(room.joined_json(fields, visible, conn.viewer, conn.audience))
        room.connections.add(conn)
    if role == "player":
        if counted is None:
            await hub.present(room.code, seat, 1, first, here)
        else:
            hub.shown(room.code, 1, counted, first, here)
        await vacancy.seated(hub, room)
        side = viewer_of(seat)
        if side in SIDES and side in room.info.bots:  # a stand-in bot: hand the side back
            await lifecycle.hand_back(hub, room, side, "system", "player_back", seat)


async def leave_room(hub: Hub, conn: Connection, request: Leave) -> Left:
    """Leave the room on purpose: a player's seat is given up while the game goes on (free for
    someone else, its token holding nothing; every connection holding it leaves too, on every
    process; the log says so, and the clock waits while its side has no seat: vacancy.py);
    after the game it is kept, for the replay."""
    room, seat = conn.room, conn.seat
    if room is None or seat is None:
        raise Refusal("no_room", "join a room first")
    if viewer_of(seat) not in SIDES or room.state.finished:
        await leave(hub, conn)
        return Left(id=request.id)
    freed = await hub.store.free_seat(room.code, seat)
    room.connections.discard(conn)
    conn.unseat()
    await hub.live.presence(room.code, seat, -1)
    if freed:
        await hub.announce(room.code, Presence(seat=seat, name=conn.name, status="left"))
        await vacancy.after_leave(hub, room, seat, conn.name)  # logged; the clock may wait
        await hub.unseat(room, seat)
    hub.release(room)
    return Left(id=request.id, freed=seat if freed else None)


async def leave(hub: Hub, conn: Connection) -> None:
    """The connection closed: drop it from its room and tell the others if its seat is empty."""
    room, seat = conn.room, conn.seat
    if room is None or seat is None:
        return
    room.connections.discard(conn)
    conn.room = None
    if viewer_of(seat) in SIDES:  # the seat's last connection gone: it is away
        away = Presence(seat=seat, name=conn.name, status="away")
        # The room's last connection here: this process lets it go in the same script.
        let_go = hub.lets_go(room)
        try:
            await hub.present(room.code, seat, -1, away, let_go=let_go)
        except RedisConnectionError:  # Redis away, the script not run: counted when it is back
            hub.depart_later(room.code, seat, conn.name)
            raise
        finally:
            # Even with no answer (Redis timed out) the script may have run: the copy is not
            # kept as if still held (a player coming back to it would hear no other process).
            hub.release(room, held=not let_go)
        return
    hub.release(room)


async def act(hub: Hub, conn: Connection, request: Act) -> Accepted | None:
    room, seat = conn.room, conn.seat
    if room is None or seat is None or viewer_of(seat) not in SIDES:
        raise Refusal("no_seat", "join a seat before playing")
    _still_seated(conn, room)
    # Protocol 2: the update the command makes answers it (one frame, not two).
    reply = Answer(conn, request.id) if conn.protocol >= 2 and request.id is not None else None
    for again in (True, False):
        try:
            try:
                command, cid = request.command, request.cid
                n, duplicate = await hub.submit(room, seat, command, cid, reply=reply)
                break
            except EngineError as error:
                # Both sides seated, the clock not started yet: the last player's `joined` goes
                # out before their process starts it, and a move sent at once may come first.
                late = again and error.code == "not_started"
                if late and await lifecycle.start_if_seated(hub, room):
                    continue
                raise Refusal(error.code, error.message) from None
        except Conflict as error:
            raise Refusal("conflict", str(error)) from None
    if reply is not None and reply.sent:
        return None
    return Accepted(id=request.id, n=n, duplicate=duplicate)


def _still_seated(conn: Connection, room: Room) -> None:
    """Refuse a move from a seat an instructor gave away, or whose side a bot plays for now."""
    if conn.dismissed:
        raise Refusal("seat_lost", "the instructor gave this seat to another player")
    side = viewer_of(conn.seat or "")
    if side in SIDES and side in room.info.bots:
        raise Refusal("bot_plays", "a bot plays your side for now: rejoin to take it back")


async def chat(hub: Hub, conn: Connection, request: Chat) -> Accepted:
    room, seat = conn.room, conn.seat
    if room is None or seat is None or seat == "spectator":
        raise Refusal("no_seat", "join a seat to chat")
    if conn.dismissed:
        raise Refusal("seat_lost", "the instructor gave this seat to another player")
    side = seat.split(":", 1)[0]
    if request.team and side not in SIDES:
        raise Refusal("no_team", "only a side's players have a team chat")
    team = side if request.team else None
    line = ChatLine(seat=seat, name=conn.name, text=request.text, team=team, cid=request.cid)
    try:
        n, duplicate = await hub.say(room, line)
        return Accepted(id=request.id, n=n, duplicate=duplicate)
    except Conflict as error:
        raise Refusal("conflict", str(error)) from None


async def resync(hub: Hub, conn: Connection, request: Resync) -> Update:
    room = conn.room
    if room is None:
        raise Refusal("no_room", "join a room first")
    conn.caught_up()
    async with room.lock:
        await hub.catch_up(room)
        view = room.view_json(conn.viewer)
        return Update(
            id=request.id,
            entries=[],
            n=room.n,
            view=view,
            deadline=room.deadline_ms,
            options=room.options(conn.audience),
        )


async def play_bot(hub: Hub, conn: Connection, request: PlayBot) -> None:
    _not_seated(conn)
    other = "beijing" if request.side == "washington" else "washington"
    _check_setup(hub, request.scenario, [request.bot])
    room, _ = await hub.create_room(
        request.scenario, request.language, {}, {other: request.bot}, True
    )
    joining = Join(id=request.id, code=room.code, seat=request.side, name=request.name)
    await join(hub, conn, joining)


async def ping(hub: Hub, conn: Connection, request: Any) -> Pong:
    return Pong(id=request.id)
