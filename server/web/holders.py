"""The students a class moved out of a room's seats mid-game, for the replay's list of everyone
who held a seat (server/replay/holders.py): the room's class is found by the room's `class-of`
key (server/storage/classes.py), written with the class for each of its rooms."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from server.classroom.classes import load_class
from server.storage.classes import ClassStore
from server.web.appkeys import REDIS


async def class_held(request: web.Request, summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the seats of game `summary` that its class's students left (none for a room
    that is not a class's). One read names the room's class, one more reads it: a running
    game's replay asks again every few seconds."""
    owner, code = summary.get("owner"), summary.get("code")
    if not owner or not isinstance(code, str):
        return []
    redis = request.app[REDIS]
    class_code = await ClassStore(redis).class_of(code)
    if class_code is None:
        return []
    session = await load_class(redis, class_code)
    # the class still lists the room (one Start all rooms made again with a bot is no longer
    # its), and it is the room's owner's (the key is only ever written by the class's save)
    if session is None or session.owner != owner or code not in session.rooms:
        return []
    return [seat.model_dump() for seat in session.held if seat.room == code]
