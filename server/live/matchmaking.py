"""Quick match: pair two waiting players (any process) and toss a coin for the sides.

The queue is a Redis list per scenario. A newcomer either takes the oldest waiting ticket or
queues its own — one atomic script. The waiting player's process hears of the match on the
ticket's pub/sub channel and seats it with the token the matching process made for it.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from server.live.connection import Connection
from server.live.hub import Hub
from server.protocol import Joined, Queued, QuickMatch, Reply
from server.ruleset.schema import SIDES

MATCH = """
local other = redis.call('LPOP', KEYS[1])
if other then return other end
redis.call('RPUSH', KEYS[1], ARGV[1])
return false
"""


def queue_key(scenario: str) -> str:
    return f"brink:queue:{scenario}"


async def quick_match(hub: Hub, conn: Connection, request: QuickMatch) -> Reply:
    from server.live.handlers import Refusal, join
    from server.protocol import Join

    if conn.room is not None or conn.ticket is not None:
        raise Refusal("already_joined", "this connection is already in a room or queue")
    if request.scenario not in hub.scenarios:
        raise Refusal("unknown_scenario", f"no scenario {request.scenario!r}")
    ticket = secrets.token_hex(8)
    mine = json.dumps({"ticket": ticket, "name": request.name, "language": request.language})
    other: str | None = await hub.redis.eval(MATCH, 1, queue_key(request.scenario), mine)
    if other is None:
        conn.ticket, conn.queued = ticket, (queue_key(request.scenario), mine)
        hub.tickets[ticket] = conn
        await hub.watch_ticket(ticket)
        return Queued(id=request.id, scenario=request.scenario)
    waiting = json.loads(other)
    room, _ = await hub.create_room(request.scenario, waiting["language"], {}, {}, True)
    coin = secrets.randbelow(2)
    my_side, their_side = SIDES[coin], SIDES[1 - coin]
    token = secrets.token_urlsafe(24)
    await hub.store.claim_seat(room.code, their_side, token, waiting["name"])
    match = {"code": room.code, "seat": their_side, "token": token, "name": waiting["name"]}
    await hub.redis.publish(f"brink:ticket:{waiting['ticket']}", json.dumps(match))
    return await join(
        hub, conn, Join(id=request.id, code=room.code, seat=my_side, name=request.name)
    )


async def matched(hub: Hub, conn: Connection, match: dict[str, Any]) -> Joined:
    """Seat a waiting connection in the room another player's arrival created."""
    from server.live.handlers import _room, _seat

    conn.ticket, conn.queued = None, None
    room = await _room(hub, match["code"])
    return await _seat(
        hub, conn, room, match["seat"], "player", match["token"], match["name"], 0, None
    )


async def leave_queue(hub: Hub, conn: Connection) -> None:
    """Take a closing connection's ticket out of the queue."""
    if conn.queued is not None:
        key, ticket = conn.queued
        await hub.redis.lrem(key, 1, ticket)
    if conn.ticket is not None:
        hub.tickets.pop(conn.ticket, None)
        await hub.unwatch_ticket(conn.ticket)
    conn.ticket, conn.queued = None, None
