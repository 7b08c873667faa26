"""Which class a room is, for the page of a class's room opened all-seeing by its owner
(docs/classroom.md): the room's number in the class ("Room 2", as the dashboard calls it) and
the class's students a side (the seats its Controls offer). The dashboard's link carried both,
and nothing else did: the page opened any other way (a link typed, kept, or made before the
link carried them) offered every seat of the scenario and called the room by its code.

    GET /api/rooms/{code}/class     {"class", "title", "number", "team"}; 404 (`no_class`) for a
                                    room that is no class's of the signed-in instructor
"""

from __future__ import annotations

from aiohttp import web

from server.classroom.classes import load_class
from server.protocol.codes import room_code
from server.storage.classes import ClassStore
from server.web.appkeys import REDIS
from server.web.auth import require_instructor
from server.web.refusals import json_error


async def class_of_room(request: web.Request) -> web.Response:
    name = await require_instructor(request)
    room = request.match_info["code"].upper()
    if not room_code(room):  # no key is made of what is not a room's code
        raise json_error(404, "no_class", "that is not a room's code")
    redis = request.app[REDIS]
    code = await ClassStore(redis).class_of(room)
    session = None if code is None else await load_class(redis, code)
    # another instructor's class is as no class (as for the class's own routes)
    if session is None or session.owner != name or room not in session.rooms:
        raise json_error(404, "no_class", f"room {room} is none of your classes' rooms")
    return web.json_response(
        {
            "class": session.code,
            "title": session.title,
            "number": session.rooms.index(room) + 1,
            "team": session.team,
        }
    )


def add_class_of_route(app: web.Application) -> None:
    app.router.add_get("/api/rooms/{code}/class", class_of_room)
