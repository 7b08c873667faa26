"""The students a class moved out of a room's seats mid-game, for the replay's list of everyone
who held a seat (server/replay/holders.py): the room's class is found among the classes of the
instructor who made the room."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from server.classroom.classes import load_class
from server.storage.classes import ClassStore
from server.web.appkeys import REDIS

MOST = 50
"""How many of the owner's classes, newest first, are looked through for the room."""


async def class_held(request: web.Request, summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the seats of game `summary` that its class's students left (none for a room
    that is not a class's)."""
    owner, code = summary.get("owner"), summary.get("code")
    if not owner:
        return []
    redis = request.app[REDIS]
    for class_code in (await ClassStore(redis).codes_of(owner))[:MOST]:
        session = await load_class(redis, class_code)
        if session is not None and code in session.rooms:
            return [seat.model_dump() for seat in session.held if seat.room == code]
    return []
