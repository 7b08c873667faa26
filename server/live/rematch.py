"""A rematch: after a game its players start a new one — a new room, with its own code and log,
the same scenario and settings, the sides as they were or swapped — without a new link.

The finished room stays as it was (its record and replay were kept at its end). What passes
between its players goes through its log, so it reaches each of them on whatever server process
holds their socket:

1. A player asks (`rematch`). Against a bot the new room is made at once. Otherwise the first to
   ask offers (a `rematch_offered` notice: `same` sides, or `swap`), and a player of the other
   side asking for the same accepts: the new room is made on that player's process
   (`Maker.start_room`), and a `rematch` notice naming it is committed to the old room. Making
   it is claimed in Redis first (`Store.claim_rematch`, the copy brought up to date under the
   claim), so two requests at once — two players of a team accepting, two tabs against a bot —
   make one room: the one that waited for the claim is answered with the notice its twin
   committed (`accepted`, `duplicate`). The player offered one may instead decline it
   (`decline_rematch`, under the same claim): a `rematch_declined` notice withdraws every offer
   standing, and either side may offer again.
2. Each player's client, seeing that notice, sends `join_rematch` with its seat's token in the
   old room, and is seated in the new room on the same side (the other with `swap`) with a token
   of its own, derived from the old one (`rematch_token`): a second tab or a reload of the seat
   comes back to the same seat. No token is ever written to a log.

A rematch's seats are for the old room's players only (`RoomInfo.rematch_of`): a spectator who
read its code in the old room's log may watch it, not sit down — until a player gives a seat up
(`leave`): that seat is then anyone's (`Room.given_up`). A class's rooms have none: their
instructor starts the games.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from typing import Literal

from redis.exceptions import RedisError

from server.engine.commands import StartGame
from server.live.commit import Conflict
from server.live.connection import Connection
from server.live.handlers import Refusal, arriving, leave, room_by_code, seat_connection
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol import Accepted, DeclineRematch, JoinRematch, Notice, NoticeKind, Rematch
from server.replay.visible import viewer_of
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

Step = Literal["offer", "make"]
OTHER: dict[str, Side] = {"washington": "beijing", "beijing": "washington"}
CLAIM_MS = 10_000
"""How long a request may hold the claim on making (or declining) a room's rematch: one that
dies holding it delays the others this long at most."""


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


def standing(room: Room) -> list[Notice]:
    """The offers that stand in `room`: those made since the last `rematch_declined`."""
    offers: list[Notice] = []
    for _, notice in sorted(room.rematches.items()):
        if notice.kind == "rematch_offered":
            offers.append(notice)
        elif notice.kind == "rematch_declined":
            offers = []
    return offers


def next_step(room: Room, side: str, swap: bool, bots: dict[Side, str]) -> Step:
    """Return what a player of `side` asking for a rematch with `swap` does in `room` now (whose
    sides `bots` played from the start): `make` it — against a bot, or accepting the other
    side's offer of the same — or `offer` it. Raise Refusal if it may do neither."""
    done = made(room)
    if done is not None:
        raise Refusal("rematch_made", f"the rematch is made: room {done.room} (join_rematch)")
    if OTHER[side] in bots:
        return "make"
    offers = standing(room)
    if any(viewer_of(n.seat or "") != side and n.reason == _sides(swap) for n in offers):
        return "make"
    if any(viewer_of(n.seat or "") == side for n in offers):
        raise Refusal("already_offered", "your side offered a rematch: the other may accept it")
    return "offer"


def _player(conn: Connection) -> tuple[Room, str, str]:
    """The connection's room, seat and side; refused unless it holds a player's seat."""
    room, seat = conn.room, conn.seat
    if room is None or seat is None:
        raise Refusal("no_room", "join a room first")
    side = viewer_of(seat)
    if side not in SIDES or conn.dismissed:
        raise Refusal("no_seat", "only the game's players may ask for a rematch")
    return room, seat, side


async def rematch(hub: Hub, conn: Connection, request: Rematch) -> Accepted:
    """Offer a rematch, accept the other side's, or (against a bot) make one; answer with the
    log position of the notice that says so."""
    room, _, side = _player(conn)
    if room.info.in_class:
        raise Refusal("class_room", "a class's games are started by its instructor: no rematch")
    if not room.state.finished:
        raise Refusal("game_not_over", "a rematch is for after the game: finish this one first")
    bots = await _bots(hub, room)

    def still(copy: Room, step: Step) -> bool:
        try:
            return next_step(copy, side, request.swap, bots) == step
        except Refusal:
            return False

    for _ in range(5):
        step = next_step(room, side, request.swap, bots)
        await _others_here(hub, room, side, bots)
        if step == "offer":
            notice = _notice("rematch_offered", conn, request.swap)
            n = await hub.note(room, notice, when=lambda copy: still(copy, "offer"))
            if n is not None:
                return Accepted(id=request.id, n=n)
            continue
        holder = await _claim(hub, room)
        if holder is None:  # another request was making (or declining) it: see what it did
            twin = _twin(room, side, request.swap)
            if twin is not None:  # the same rematch, made by a teammate or another tab
                return Accepted(id=request.id, n=twin, duplicate=True)
            continue
        try:
            if next_step(room, side, request.swap, bots) != "make":
                continue  # the copy, brought up to date under the claim, says otherwise
            new = await _new_room(hub, room, bots, request.swap)
            notice = _notice("rematch", conn, request.swap, new.code)
            try:
                n = await hub.note(room, notice, when=lambda copy: still(copy, "make"))
            except (RedisError, OSError, Conflict):
                # Committed with its answer lost, or not: the log says. Not: no room is left
                # that nobody is sent to, and the player may ask again.
                n = await _named(hub, room, new)
                if n is None:
                    raise
            if n is None:  # not to be made after all (the copy said so): nobody is sent to it
                await _scrap(hub, room, new)
                continue
            hub.release(new)  # not held here until a player sits in it
            return Accepted(id=request.id, n=n)
        finally:
            await hub.store.let_go_rematch(room.code, holder)
    raise Refusal("conflict", f"room {room.code} kept changing")


async def _named(hub: Hub, room: Room, new: Room) -> int | None:
    """The rematch notice naming `new` could not be committed to `room`, or its answer was
    lost: read `room`'s log (its players are sent what it holds). Return the notice's position
    if it is there; else scrap `new` (`_scrap`) and return None. Redis away still: `new` stays
    (it is named or not: nobody can tell yet), and expires unplayed."""
    try:
        async with room.lock:
            await hub.catch_up(room)
    except BaseException:
        _forget(hub, new)  # not held in memory meanwhile: Redis has it, or it expires there
        raise
    found = next((n for n, x in room.rematches.items() if x.room == new.code), None)
    if found is None:
        await _scrap(hub, room, new)
    return found


async def _scrap(hub: Hub, room: Room, new: Room) -> None:
    """Delete `new`, a rematch of `room` that no notice names, from Redis and from this
    process (unless a player sits in it: then it was named after all)."""
    try:
        scrapped = await hub.store.discard_unseated(new.code, room.code)
    except BaseException:
        _forget(hub, new)
        raise
    if scrapped:
        _forget(hub, new)


def _forget(hub: Hub, new: Room) -> None:
    """Let this process's copy of `new` go, its bots with it (they sit in it again if it is
    loaded from Redis: server/live/loading.py)."""
    new.bots.clear()
    hub.release(new)


def _notice(kind: NoticeKind, conn: Connection, swap: bool, room: str | None = None) -> Notice:
    reason = "" if kind == "rematch_declined" else _sides(swap)
    return Notice(kind=kind, seat=conn.seat, name=conn.name, reason=reason, room=room, at=now_ms())


async def _claim(hub: Hub, room: Room) -> str | None:
    """Claim the making or declining of `room`'s rematch, so that two requests at once (two
    players of a team accepting, two tabs) make one room, and no room is made that a decline
    leaves unnamed. Return the claim's id, the copy brought up to date under it; or, if another
    request holds the claim, None once it is let go (or expired), the copy up to date."""
    holder = secrets.token_hex(8)
    claimed = await hub.store.claim_rematch(room.code, holder, CLAIM_MS)
    if not claimed:
        for _ in range(CLAIM_MS // 10):
            await asyncio.sleep(0.01)
            if not await hub.store.rematch_claimed(room.code):
                break
    async with room.lock:
        await hub.catch_up(room)
    return holder if claimed else None


def _twin(room: Room, side: str, swap: bool) -> int | None:
    """The position of the `rematch` notice a player of `side` made with `swap`, if any."""
    for n, notice in room.rematches.items():
        mine = notice.kind == "rematch" and viewer_of(notice.seat or "") == side
        if mine and notice.reason == _sides(swap):
            return n
    return None


def declinable(room: Room, side: str) -> None:
    """Refuse a decline by a player of `side` unless the other side has an offer standing."""
    done = made(room)
    if done is not None:
        raise Refusal("rematch_made", f"the rematch is made: room {done.room} (join_rematch)")
    if not any(viewer_of(n.seat or "") != side for n in standing(room)):
        raise Refusal("nothing_to_decline", "the other side has no rematch offer standing")


async def decline_rematch(hub: Hub, conn: Connection, request: DeclineRematch) -> Accepted:
    """Decline the other side's rematch offer: a `rematch_declined` notice withdraws every offer
    standing. Answer with its log position."""
    room, _, side = _player(conn)

    def still(copy: Room) -> bool:
        try:
            declinable(copy, side)
        except Refusal:
            return False
        return True

    for _ in range(5):
        declinable(room, side)
        holder = await _claim(hub, room)
        if holder is None:
            continue
        try:
            n = await hub.note(room, _notice("rematch_declined", conn, False), when=still)
        finally:
            await hub.store.let_go_rematch(room.code, holder)
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
            # Taken since `held` was read: by this seat's other tab, at the same moment?
            held = await hub.store.seat_of(new.code, token)
            if held != place:
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
