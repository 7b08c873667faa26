"""Quick match: pair two waiting players (any process) and toss a coin for the sides.

The queue is a Redis list per scenario. A newcomer either takes the oldest waiting ticket or
queues its own — one atomic script. The waiting player's process hears of the match on the
ticket's pub/sub channel and seats it with the token the matching process made for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from typing import Any

from redis.exceptions import RedisError

from server.live.connection import Connection
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol import Queued, QuickMatch, Reply
from server.protocol.tokens import new_token
from server.ruleset.schema import SIDES
from server.storage.keys import ticket_channel
from server.storage.store import RoomGone

MATCH_WAITS = 20
"""How many times (50 ms apart) a `replaces` whose ticket has left the queue looks for its match."""


async def quick_match(hub: Hub, conn: Connection, request: QuickMatch) -> Reply | None:
    from server.live.handlers import Refusal, join
    from server.protocol import Join

    if conn.room is not None or conn.ticket is not None:
        raise Refusal("already_joined", "this connection is already in a room or queue")
    if request.scenario not in hub.scenarios:
        known = ", ".join(sorted(hub.scenarios))
        raise Refusal("unknown_scenario", f"no scenario {request.scenario!r} (known: {known})")
    if request.replaces is not None and await _taken_over(hub, conn, request, request.replaces):
        return None
    ticket = secrets.token_hex(8)
    mine = {"ticket": ticket, "name": request.name, "language": request.language}
    # Watching first: a match made the moment the ticket is queued is not missed.
    hub.tickets[ticket] = conn
    await hub.watch_ticket(ticket)
    other = await hub.live.match_or_queue(request.scenario, mine, now_ms())
    if other is None:
        conn.ticket, conn.queued = ticket, (request.scenario, ticket)
        return Queued(id=request.id, scenario=request.scenario, ticket=ticket)
    hub.tickets.pop(ticket, None)
    await hub.unwatch_ticket(ticket)
    waiting = json.loads(other)
    coin = secrets.randbelow(2)
    my_side, their_side = SIDES[coin], SIDES[1 - coin]
    token = new_token(24)
    room: Room | None = None
    try:
        room, _ = await hub.create_room(request.scenario, waiting["language"], {}, {}, True)
        await hub.store.claim_seat(room.code, their_side, token, waiting["name"])
    except RoomGone:  # the room just made is gone already (Redis flushed?)
        assert room is not None
        raise Refusal("room_not_found", f"there is no room {room.code}") from None
    except (RedisError, OSError):
        await _unmatched(hub, request.scenario, other, room)
        raise
    match = json.dumps(
        {"code": room.code, "seat": their_side, "token": token, "name": waiting["name"]}
    )
    # Kept as well as published: the waiting process reads it if it missed the publication.
    await hub.live.keep_match(waiting["ticket"], match)
    await hub.redis.publish(ticket_channel(waiting["ticket"]), match)
    await join(hub, conn, Join(id=request.id, code=room.code, seat=my_side, name=request.name))
    return None


async def _unmatched(hub: Hub, scenario: str, other: str, room: Room | None) -> None:
    """Redis failed before the waiting player (`other`, taken from the queue) was told of the
    match: they wait on, at the head of the queue, and the room made for them (if any) is
    deleted unless their seat was claimed after all (then it expires unplayed). Redis away
    still: their ticket is lost, as is any ticket of a connection Redis cannot hear."""
    with contextlib.suppress(RedisError, OSError):
        await hub.live.put_back(scenario, other)
        if room is not None and await hub.store.discard_unseated(room.code, ""):
            hub.release(room)


async def _taken_over(hub: Hub, conn: Connection, request: QuickMatch, ticket: str) -> bool:
    """The player queued before on a connection since lost (`ticket`, that queueing's): take the
    ticket out of the queue, so that nobody is matched with the lost connection and the player
    is not queued twice; if it was matched meanwhile, seat this connection in its place (sent
    `joined`) and return True. A socket that died without a word holds its ticket until the
    server gives it up (its heartbeat, ~45 s), and a match made for it went to nobody."""
    from server.live.handlers import resume
    from server.protocol import Resume

    if await hub.live.unqueue(request.scenario, ticket):
        return False  # still waiting: queued afresh on this connection
    # Not in the queue: matched (the match is kept once its room is made, a moment after the
    # ticket left the queue), or gone (its connection closed: noted) and then queued afresh.
    for attempt in range(MATCH_WAITS):
        match = await hub.live.match_for(ticket)
        if match is not None:
            await resume(hub, conn, Resume(id=request.id, code=match["code"], token=match["token"]))
            return True
        if await hub.live.left(ticket):
            return False
        if attempt < MATCH_WAITS - 1:
            await asyncio.sleep(0.05)
    return False


async def matched(hub: Hub, conn: Connection, match: dict[str, Any]) -> None:
    """Seat a waiting connection in the room another player's arrival created (it is sent
    `joined`)."""
    from server.live.handlers import arriving, seat_connection

    conn.ticket, conn.queued = None, None
    async with arriving(hub, match["code"]) as room:
        seat, token, name = match["seat"], match["token"], match["name"]
        await seat_connection(hub, conn, room, seat, "player", token, name, 0, None)


async def leave_queue(hub: Hub, conn: Connection) -> None:
    """Take a closing connection's ticket out of the queue."""
    if conn.queued is not None:
        scenario, ticket = conn.queued
        await hub.live.unqueue(scenario, ticket, closed=True)
    if conn.ticket is not None:
        hub.tickets.pop(conn.ticket, None)
        await hub.unwatch_ticket(conn.ticket)
    conn.ticket, conn.queued = None, None
