"""A presenter-led replay (docs/debrief.md): the class's instructor steps through one game on the
projector, and every student's browser following the class opens the same game at the same
step, from the same view.

`present` (the instructor's socket) checks the class is theirs and the room one of its rooms (or
the historical 2025 line), makes the grant that opens that game from that view for the class's
followers (storage/presenting.py), keeps the step for late-comers, and publishes `presented` on
the class's channel: every process hands it to the sockets following the class there
(service.py's Classroom). A running game may be presented only as a spectator saw it (the
others would show a room's hidden cards to the whole class)."""

from __future__ import annotations

from typing import Any

from server.classroom.accounts import require_account
from server.classroom.classes import load_class, publish
from server.engine import Viewer
from server.live.connection import Connection
from server.live.games import Replays
from server.live.handlers import Refusal
from server.live.hub import Hub
from server.protocol import Accepted, Present, Presented
from server.replay.history import HISTORY_CODE
from server.storage.presenting import Presenting

VIEWERS: dict[str, Viewer] = {
    "washington": "washington",
    "beijing": "beijing",
    "spectator": "spectator",
    "all": "instructor",
}


async def present(hub: Hub, conn: Connection, request: Present) -> Accepted:
    account = require_account(conn)
    session = await load_class(hub.redis, request.code)
    if session is None or session.owner != account:
        raise Refusal("class_not_found", f"you have no class {request.code}")
    presenting = Presenting(hub.redis)
    message: dict[str, Any]
    if request.stop or request.room is None:
        message = Presented(code=session.code).model_dump(mode="json")
    else:
        room = request.room
        if room != HISTORY_CODE and room not in session.rooms:
            raise Refusal("room_not_in_class", f"{room} is not a room of class {session.code}")
        if request.viewer != "spectator" and room != HISTORY_CODE:
            summary = await Replays(hub).summary(room)
            if summary is None:
                raise Refusal("room_not_found", f"there is no room {room}")
            if summary.get("outcome") is None:
                raise Refusal(
                    "not_over",
                    "a game still being played can be presented only as a spectator saw it",
                )
        grant = await presenting.grant(session.code, room, VIEWERS[request.viewer])
        shown = Presented(
            code=session.code, room=room, step=request.step, viewer=request.viewer, grant=grant
        )
        message = shown.model_dump(mode="json")
    text = Presented.model_validate(message).model_dump_json()
    await presenting.keep_current(session.code, text)
    await publish(hub, session.code, message)
    return Accepted(id=request.id, n=request.step)
