"""When a room's clock runs: it starts once the players are seated, pauses when nobody plays
or when an instructor says so, and the game ends as abandoned if nobody comes back; a bot standing
in for players who left.

A new room with timers and a side played by people waits (a `paused` notice, reason
`waiting_for_players`, no deadline): no turn times out before its players are there. Its clock
starts — a `resumed` notice, and a fresh turn — when every side played by people has a seat
taken (`seated`; a bot's side counts as taken; in a class's room, a seat with the final say:
`seats_filled`), or when someone starts it (`start_clock`, for an instructor).

When a turn's deadline passes and no player of a side played by people is connected (in any
process), the turn is not timed out: the room pauses instead (a `paused` notice by `system` in its
log; its timer now counts down `abandon_after`). A player coming back resumes it, with the time
that was left of the turn (a fresh turn if little was). If nobody does, the game ends as
`abandoned`, its keys take the finished-game expiry, and its timers stop.

An instructor pauses a room too (the notice is by their account): its timer stops with no
deadline at all, a player coming back does not resume it, and only an instructor does. An
instructor may also put a bot in for a side whose players dropped (`bot_in`): when one of them
comes back (or the instructor says so) the side is handed back (`bot_out`).
"""

from __future__ import annotations

from server.engine import EngineError
from server.engine.commands import Abandon
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol import Notice, Presence
from server.replay.visible import viewer_of
from server.ruleset.schema import SIDES, Side

SHORTEST_RESUMED_TURN_MS = 10_000
NOBODY_HERE = "nobody_here"
"""The reason of the server's pause of a room none of whose players is connected."""


async def nobody_plays(hub: Hub, room: Room) -> bool:
    """Return whether the room has sides played by people and none of them is connected."""
    people = [side for side in SIDES if side not in room.info.bots]
    if not people:
        return False
    present = await hub.live.present(room.code)
    return not any(count > 0 and viewer_of(seat) in people for seat, count in present.items())


async def seats_filled(hub: Hub, room: Room) -> bool:
    """Return whether every side played by people has a seat taken (its own or a role's). In
    a class's room, a seat with the final say (the side's own, or a role's that has it): a
    team's junior roles do not start the clock without the student who may fold or accept a
    deal (docs/classroom.md); the instructor's Start all rooms does."""
    taken = set(await hub.store.seats(room.code))
    if not room.info.in_class:
        taken = {viewer_of(seat) for seat in taken}
        return all(side in taken for side in SIDES if side not in room.info.bots)
    return all(taken & leads(room, side) for side in SIDES if side not in room.info.bots)


def leads(room: Room, side: Side) -> set[str]:
    """The seats of `side` with the final say: the side's own seat (one player plays it all),
    and its roles that have it (every role, if none has: the engine lets any of them)."""
    spec = room.rules.spec.sides.get(side)  # None: a rule file without the side's spec
    roles = spec.roles if spec is not None else []
    final = [role for role in roles if role.final_say] or roles
    return {side, *(f"{side}:{role.id}" for role in final)}


async def seated(hub: Hub, room: Room) -> None:
    """A player sat down or came back: start the clock of a room waiting for its players once
    every side is seated; resume a room the server paused because nobody was there."""
    paused = room.paused
    if paused is None or paused.by != "system":
        return
    if not room.waiting:
        await resume(hub, room, "player_back")
    else:
        await start_if_seated(hub, room)


async def start_if_seated(hub: Hub, room: Room) -> bool:
    """A move came to a room still waiting for its players: if every side is seated, start
    its clock here (the process that seated the last player may not have yet) and return True
    once it is started, by this process or another; False if it still waits for a player."""
    paused = room.paused
    if paused is None or paused.by != "system" or not room.waiting:
        return False
    if not await seats_filled(hub, room):
        return False
    await start_clock(hub, room, "system", "seats_filled")
    return not room.waiting


async def start_clock(hub: Hub, room: Room, by: str, reason: str = "started") -> bool:
    """Start the clock of a room waiting for its players, whoever is seated (`by`: who started
    it, as the `resumed` notice in its log says); return False if it was not waiting."""
    if not room.waiting or room.state.finished:
        return False
    now = now_ms()
    notice = Notice(kind="resumed", by=by, reason=reason, at=now)
    started = await hub.note(room, notice, room.deadline(now), lambda copy: copy.waiting)
    return started is not None


async def side_present(hub: Hub, room: Room, side: Side) -> bool:
    """Return whether a seat of `side` is connected (to any process)."""
    present = await hub.live.present(room.code)
    return any(count > 0 and viewer_of(seat) == side for seat, count in present.items())


async def pause(hub: Hub, room: Room, reason: str, by: str = "system") -> int | None:
    """Stop the room's timers; return the notice's log position. Paused by `system` (nobody
    plays), it ends as abandoned after `hub.abandon_after` seconds — only a room still running
    (None if another process paused it first: every process's timers may find the deadline
    passed); paused by an instructor, it waits for an instructor to resume it."""
    now = now_ms()
    if room.paused is not None:  # already paused by the system: what was left stays the same
        left = room.paused.left_ms
    else:
        left = None if room.deadline_ms is None else max(0, room.deadline_ms - now)
    notice = Notice(kind="paused", by=by, reason=reason, left_ms=left, at=now)
    deadline = now + int(hub.abandon_after * 1000) if by == "system" else None
    n = await hub.note(room, notice, deadline, _running if by == "system" else None)
    if n is not None and by == "system" and not await nobody_plays(hub, room):
        await resume(hub, room, "player_back")  # somebody came back meanwhile
    return n


async def resume_if_back(hub: Hub, room: Room) -> int | None:
    """A room the server paused because nobody was at the table, a player of it connected now,
    its resume lost (their process died before it resumed the room, say): resume it (a class's
    Resume). Return the notice's log position; None if nobody is there still, or the room is
    no longer paused so (another process resumed it, or an instructor paused over it)."""
    paused = room.paused
    if paused is None or paused.by != "system" or paused.reason != NOBODY_HERE:
        return None
    if await nobody_plays(hub, room):
        return None
    return await resume(hub, room, "player_back")


def _running(room: Room) -> bool:
    """Whether the room's game goes on, not paused (checked on the up-to-date copy)."""
    return room.paused is None and not room.state.finished


async def resume(hub: Hub, room: Room, reason: str, by: str = "system") -> int | None:
    """Start the room's timers again: the turn gets what was left of it (a fresh turn if that
    was under SHORTEST_RESUMED_TURN_MS; none if it had no clock). Return the notice's log
    position, or None if there was nothing to resume. Only the pause this copy of the room
    knows is ended: if another process paused it again meanwhile (an instructor over the
    server's pause, say), that pause holds (checked on the up-to-date copy, in the commit's
    retry: no other round trip to Redis)."""
    paused = room.paused
    if paused is None or room.state.finished:  # an abandoned game stays over
        return None
    now = now_ms()
    left = paused.left_ms
    if left is None and paused.by != "system":
        deadline = None  # the turn had no clock when it was paused
    elif left is None or left < SHORTEST_RESUMED_TURN_MS:
        deadline = room.deadline(now)
    else:
        deadline = now + left
    notice = Notice(kind="resumed", by=by, reason=reason, at=now)
    return await hub.note(room, notice, deadline, lambda copy: _still(copy, paused))


def _still(room: Room, paused: Notice) -> bool:
    """Whether the room is still paused by the notice `paused`, its game not over."""
    return room.paused == paused and not room.state.finished


async def abandon(hub: Hub, room: Room) -> None:
    """End the paused room's game as abandoned (or, if its rules cannot, just stop its timer)."""
    try:
        await hub.submit(room, "system", Abandon())
    except EngineError:
        await hub.live.schedule(room.code, room.n, None)


async def bot_in(hub: Hub, room: Room, side: Side, bot: str, by: str) -> int | None:
    """Let server bot `bot` play `side` (its players keep their seats, to come back to);
    return the notice's log position."""
    bots: dict[str, str] = dict(room.info.bots.items())
    bots[side] = bot
    await hub.store.set_bots(room.code, bots)
    notice = Notice(kind="bot_in", by=by, seat=side, name=bot, at=now_ms())
    n = await hub.note(room, notice)
    await hub.announce(room.code, Presence(seat=side, name=f"bot:{bot}", status="bot"))
    return n


async def logged_notices(hub: Hub, room: Room) -> list[Notice]:
    """Return the notices of the room's whole log, in order, as Redis holds it: this copy may
    have been loaded from a snapshot later than some of them (what it folded in since tells
    only the rest)."""
    return [entry.notice for entry in await hub.entries_since(room, 0) if entry.notice is not None]


async def _given_on(hub: Hub, room: Room, seat: str) -> bool:
    """Whether `seat` was given to someone else (`reassigned`) since a bot last came in for its
    side: whoever takes it now is not the player the bot stood in for, and the hand-back names
    them (`name`; none: the side's player is back)."""
    side = viewer_of(seat)
    given = False
    for notice in await logged_notices(hub, room):
        if notice.kind == "bot_in" and notice.seat == side:
            given = False
        elif notice.kind == "reassigned" and notice.seat == seat:
            given = True
    return given


async def hand_back(
    hub: Hub, room: Room, side: Side, by: str, reason: str = "", came: str | None = None
) -> int | None:
    """Take the bot off `side`: its players play it again. Return the notice's log position,
    or None if no bot played it. `came`: the seat whose player just came back (`player_back`);
    the notice names it and the side's other seats connected now (`back`), and only them: a
    replay names again only the players who came back (server/replay/holders.py)."""
    if side not in room.info.bots:
        return None
    bots: dict[str, str] = {s: b for s, b in room.info.bots.items() if s != side}
    await hub.store.set_bots(room.code, bots)
    present = await hub.live.present(room.code)
    seats = await hub.store.seats(room.code)
    ours = [seat for seat in seats if viewer_of(seat) == side]
    back = [seat for seat in ours if seat == came or present.get(seat, 0) > 0]
    taker = seats.get(came) if came is not None and await _given_on(hub, room, came) else None
    notice = Notice(
        kind="bot_out", by=by, seat=side, reason=reason, at=now_ms(), back=back, name=taker
    )
    n = await hub.note(room, notice)
    if reason != "player_back":  # a player coming back announces itself
        for seat in ours:
            status = "here" if seat in back else "away"
            await hub.announce(room.code, Presence(seat=seat, name=seats[seat], status=status))
    return n
