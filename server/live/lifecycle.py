"""When a room's clock runs: it starts once the players are seated, pauses when nobody plays,
and the game ends as abandoned if nobody comes back.

A new room with timers and a side played by people waits (a `paused` notice, reason
`waiting_for_players`, no deadline): no turn times out before its players are there. Its clock
starts — a `resumed` notice, and a fresh turn — when every side played by people has a seat
taken (`seated`; a bot's side counts as taken), or when someone starts it (`start_clock`, for an
instructor).

When a turn's deadline passes and no player of a side played by people is connected (in any
process), the turn is not timed out: the room pauses instead (a `paused` notice in its log; its
timer now counts down `abandon_after`). A player coming back resumes it, with the time that was
left of the turn (a fresh turn if little was). If nobody does, the game ends as `abandoned`, its
keys take the finished-game expiry, and its timers stop.
"""

from __future__ import annotations

from server.engine import EngineError
from server.engine.commands import Abandon
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol import Notice
from server.replay.visible import viewer_of
from server.ruleset.schema import SIDES

SHORTEST_RESUMED_TURN_MS = 10_000


async def nobody_plays(hub: Hub, room: Room) -> bool:
    """Return whether the room has sides played by people and none of them is connected."""
    people = [side for side in SIDES if side not in room.info.bots]
    if not people:
        return False
    present = await hub.live.present(room.code)
    return not any(count > 0 and viewer_of(seat) in people for seat, count in present.items())


async def seats_filled(hub: Hub, room: Room) -> bool:
    """Return whether every side played by people has a seat taken (its own or a role's)."""
    taken = {viewer_of(seat) for seat in await hub.store.seats(room.code)}
    return all(side in taken for side in SIDES if side not in room.info.bots)


async def seated(hub: Hub, room: Room) -> None:
    """A player sat down or came back: start the clock of a room waiting for its players once
    every side is seated; resume a room the server paused because nobody was there."""
    paused = room.paused
    if paused is None or paused.by != "system":
        return
    if not room.waiting:
        await resume(hub, room, "player_back")
    elif await seats_filled(hub, room):
        await start_clock(hub, room, "system", "seats_filled")


async def start_clock(hub: Hub, room: Room, by: str, reason: str = "started") -> bool:
    """Start the clock of a room waiting for its players, whoever is seated (`by`: who started
    it, as the `resumed` notice in its log says); return False if it was not waiting."""
    if not room.waiting or room.state.finished:
        return False
    now = now_ms()
    notice = Notice(kind="resumed", by=by, reason=reason, at=now)
    started = await hub.note(room, notice, room.deadline(now), lambda copy: copy.waiting)
    return started is not None


async def pause(hub: Hub, room: Room, reason: str) -> None:
    """Stop the room's timers; it ends as abandoned after `hub.abandon_after` seconds."""
    now = now_ms()
    left = None if room.deadline_ms is None else max(0, room.deadline_ms - now)
    notice = Notice(kind="paused", reason=reason, left_ms=left, at=now)
    await hub.note(room, notice, now + int(hub.abandon_after * 1000))
    if not await nobody_plays(hub, room):  # somebody came back meanwhile
        await resume(hub, room, "player_back")


async def resume(hub: Hub, room: Room, reason: str) -> None:
    """Start the room's timers again: the turn gets what was left of it (a fresh turn if that
    was under SHORTEST_RESUMED_TURN_MS)."""
    paused = room.paused
    if paused is None or room.state.finished:  # an abandoned game stays over
        return
    now = now_ms()
    left = paused.left_ms
    deadline = room.deadline(now) if left is None or left < SHORTEST_RESUMED_TURN_MS else now + left
    await hub.note(room, Notice(kind="resumed", reason=reason, at=now), deadline)


async def abandon(hub: Hub, room: Room) -> None:
    """End the paused room's game as abandoned (or, if its rules cannot, just stop its timer)."""
    try:
        await hub.submit(room, "system", Abandon())
    except EngineError:
        await hub.live.schedule(room.code, room.n, None)
