"""A rematch: after a game its players start a new one — a new room, with its own code and log,
the same scenario and settings, the sides as they were or swapped — without a new link.

The finished room stays as it was (its record and replay were kept at its end). What passes
between its players goes through its log, so it reaches each of them on whatever server process
holds their socket:

1. A player asks (`rematch`). Against a bot the new room is made at once. Otherwise the first to
   ask offers (a `rematch_offered` notice: `same` sides, or `swap`), and a player of the other
   side asking for the same accepts: the new room is made on that player's process
   (`Maker.start_room`), and a `rematch` notice naming it is committed to the old room — under
   the same position check as any commit, against the copy brought up to date, so two players
   accepting at once make one rematch (the other room, which nobody can sit in, expires).
2. Each player's client, seeing that notice, sends `join_rematch` with its seat's token in the
   old room, and is seated in the new room on the same side (the other with `swap`) with a token
   of its own, derived from the old one (`rematch_token`): a second tab or a reload of the seat
   comes back to the same seat. No token is ever written to a log.

A rematch's seats are for the old room's players only (`RoomInfo.rematch_of`): a spectator who
read its code in the old room's log may watch it, not sit down. A class's rooms have none: their
instructor starts the games.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Literal

from server.engine.commands import StartGame
from server.live.connection import Connection
from server.live.handlers import Refusal, arriving, leave, room_by_code, seat_connection
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol import Accepted, JoinRematch, Notice, Rematch
from server.replay.visible import viewer_of
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

Step = Literal["offer", "make"]
OTHER: dict[str, Side] = {"washington": "beijing", "beijing": "washington"}


def rematch_token(token: str, code: str) -> str:
    """Return the token, in rematch `code`, of the seat that `token` held in the room before:
    only its holder can work it out, and the same each time (48 hex digits, never a '-' first,
    which a command line would take for an option)."""
    return hashlib.sha256(f"rematch:{code}:{token}".encode()).hexdigest()[:48]


def made(room: Room) -> Notice | None:
    """Return the notice of the rematch made of `room` (its new room's code in `room`), if any."""
    return next((n for n in room.rematches.values() if n.kind == "rematch"), None)


def _sides(swap: bool) -> str:
    return "swap" if swap else "same"


def next_step(room: Room, side: str, swap: bool, bots: dict[Side, str]) -> Step:
    """Return what a player of `side` asking for a rematch with `swap` does in `room` now (whose
    sides `bots` played from the start): `make` it — against a bot, or accepting the other
    side's offer of the same — or `offer` it. Raise Refusal if it may do neither."""
    done = made(room)
    if done is not None:
        raise Refusal("rematch_made", f"the rematch is made: room {done.room} (join_rematch)")
    if OTHER[side] in bots:
        return "make"
    offers = [n for n in room.rematches.values() if n.kind == "rematch_offered"]
    if any(viewer_of(n.seat or "") != side and n.reason == _sides(swap) for n in offers):
        return "make"
    if any(viewer_of(n.seat or "") == side for n in offers):
        raise Refusal("already_offered", "your side offered a rematch: the other may accept it")
    return "offer"


async def rematch(hub: Hub, conn: Connection, request: Rematch) -> Accepted:
    """Offer a rematch, accept the other side's, or (against a bot) make one; answer with the
    log position of the notice that says so."""
    room, seat = conn.room, conn.seat
    if room is None or seat is None:
        raise Refusal("no_room", "join a room first")
    side = viewer_of(seat)
    if side not in SIDES or conn.dismissed:
        raise Refusal("no_seat", "only the game's players may ask for a rematch")
    if room.info.in_class:
        raise Refusal("class_room", "a class's games are started by its instructor: no rematch")
    if not room.state.finished:
        raise Refusal("game_not_over", "a rematch is for after the game: finish this one first")
    bots = await _bots(hub, room)
    for _ in range(5):
        step = next_step(room, side, request.swap, bots)
        await _others_here(hub, room, side, bots)
        new = await _new_room(hub, room, bots, request.swap) if step == "make" else None
        notice = Notice(
            kind="rematch_offered" if new is None else "rematch",
            seat=seat,
            name=conn.name,
            reason=_sides(request.swap),
            room=None if new is None else new.code,
            at=now_ms(),
        )

        def still(copy: Room, step: Step = step) -> bool:
            try:
                return next_step(copy, side, request.swap, bots) == step
            except Refusal:
                return False

        n = await hub.note(room, notice, when=still)
        if new is not None:  # not held here until a player sits in it (none if not noted)
            hub.release(new)
        if n is not None:
            return Accepted(id=request.id, n=n)
    raise Refusal("conflict", f"room {room.code} kept changing")


async def _bots(hub: Hub, room: Room) -> dict[Side, str]:
    """The sides a server bot played from the start: not one standing in for players who went
    (an instructor's `bot_in`), whose side has a player's seat."""
    held = {viewer_of(seat) for seat in await hub.store.seats(room.code)}
    return {side: bot for side, bot in room.info.bots.items() if side not in held}


async def _others_here(hub: Hub, room: Room, side: str, bots: dict[Side, str]) -> None:
    """Refuse (`opponent_left`) unless a player of each other side played by people is still
    connected to the room, on any process."""
    present = await hub.live.present(room.code)
    here = {viewer_of(seat) for seat, count in present.items() if count > 0}
    for other in SIDES:
        if other != side and other not in bots and other not in here:
            raise Refusal("opponent_left", f"nobody is at the table for {other}: no rematch")


async def _new_room(hub: Hub, room: Room, bots: dict[Side, str], swap: bool) -> Room:
    """Make the rematch of `room`: the same scenario (as it is now), language, timers and bots
    (on the other side with `swap`), its seats kept for `room`'s players, and `room`'s
    instructor key and owner, who may watch, export and publish it as they could `room`."""
    info = room.info
    rules = hub.scenarios.get(info.scenario, room.rules)
    seated = {(OTHER[side] if swap else side): bot for side, bot in bots.items()}
    start = StartGame(seed=secrets.randbelow(2**62))
    made_room, _ = await hub.start_room(
        rules,
        info.language,
        info.seconds,
        dict(seated.items()),
        info.timers,
        start,
        owner=info.owner,
        rematch_of=room.code,
        instructor_hash=info.instructor_hash,
    )
    return made_room


def _place(seat: str, swap: bool, rules: Ruleset) -> str:
    """The seat in the rematch of `seat` in the room before: the same, or with `swap` the other
    side's: the role of that name if it has one, else the role in the same place of its list
    (president → leader, treasury → vice premier…: each teammate a seat of their own), else the
    side's own seat."""
    if not swap:
        return seat
    side, _, role = seat.partition(":")
    other = OTHER[side]
    mine = [r.id for r in rules.spec.sides[side].roles]  # type: ignore[index]
    theirs = [r.id for r in rules.spec.sides[other].roles]
    if role in theirs:
        return f"{other}:{role}"
    if role in mine and mine.index(role) < len(theirs):
        return f"{other}:{theirs[mine.index(role)]}"
    return other


async def join_rematch(hub: Hub, conn: Connection, request: JoinRematch) -> None:
    """Seat the holder of a seat of room `request.code` in its rematch (it is sent `joined`),
    taking the connection out of the old room first if it is there."""
    if conn.ticket is not None or (conn.room is not None and conn.room.code != request.code):
        raise Refusal("already_joined", "this connection is already in another room or a queue")
    old = await room_by_code(hub, request.code)
    try:
        seat = await hub.store.seat_of(old.code, request.token)
        if seat is None or viewer_of(seat) not in SIDES:
            raise Refusal("bad_token", "that token holds no seat in this room")
        async with old.lock:  # the notice may be on its way from another process: read the log
            await hub.catch_up(old)
        done = made(old)
        if done is None or done.room is None:
            raise Refusal("no_rematch", f"no rematch of room {old.code} has been made")
        name = (await hub.store.seats(old.code)).get(seat, "player")
        token = rematch_token(request.token, done.room)
        place = (seat, done.reason == "swap")
        try:
            await _move(hub, conn, done.room, place, token, name, request.id)
        finally:
            _let_go(hub, done.room)
    finally:
        _let_go(hub, old.code)  # loaded for the move only, it is not kept


def _let_go(hub: Hub, code: str) -> None:
    """Forget the room here unless somebody holds it (`Hub.release`)."""
    room = hub.rooms.get(code)
    if room is not None:
        hub.release(room)


async def _move(
    hub: Hub,
    conn: Connection,
    code: str,
    seat: tuple[str, bool],
    token: str,
    name: str,
    request_id: str | None,
) -> None:
    """Seat `conn` in rematch `code` with `token`: where that token sits already (a second tab,
    a request sent again), else in the seat of `seat` (the old one, and whether sides swap)."""
    async with arriving(hub, code) as new:
        held = await hub.store.seat_of(new.code, token)
        place = held or _place(*seat, new.rules)
        if held is None and place in await hub.store.seats(new.code):
            raise Refusal("seat_taken", f"{place} is taken in room {new.code}")
        if conn.room is not None:
            await leave(hub, conn)  # out of the old room, as if its socket had closed
        try:
            await seat_connection(
                hub, conn, new, place, "player", token, name, 0, request_id, held is None
            )
        except Refusal as refusal:  # the same seat's other tab, at the same moment
            if refusal.code != "seat_taken" or await hub.store.seat_of(new.code, token) != place:
                raise
            await seat_connection(hub, conn, new, place, "player", token, name, 0, request_id)
