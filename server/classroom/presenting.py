"""A presenter-led replay (docs/debrief.md): the class's instructor steps through one game on the
projector, and every student's browser following the class opens the same game at the same
step, from the same view.

This module is the relay, apart from who may present: `present_step` makes the grant that opens
that game from that view for the class's followers (storage/presenting.py), keeps the step for
late-comers and publishes `presented` on the class's channel (`keys.class_channel`); every
process hands what is published there to the sockets following the class (the class sessions'
`Classroom`, server/classroom/service.py, forwards each typed message to them). The websocket
request `present` checks, before calling it, that the class is the signed-in instructor's and
the room one of its rooms (or the 2025 line), and refuses a running game's hidden views
(`presentable`)."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis

from server.classroom.accounts import require_account
from server.classroom.classes import load_class
from server.engine import Viewer
from server.live.connection import Connection
from server.live.games import Replays
from server.live.handlers import Refusal
from server.live.hub import Hub
from server.protocol import Accepted, Present, Presented
from server.protocol.codes import HISTORY_CODE
from server.storage.keys import class_channel
from server.storage.presenting import Presenting

VIEWERS: dict[str, Viewer] = {
    "washington": "washington",
    "beijing": "beijing",
    "spectator": "spectator",
    "all": "instructor",
}


def presentable(room: str, viewer: str, summary: dict[str, Any] | None) -> str | None:
    """Return why `room` may not be presented from `viewer` (a refusal code), or None. A game
    still being played may be presented only as a spectator saw it: the other views would show
    that room's hidden cards to the whole class."""
    if room == HISTORY_CODE:
        return None
    if summary is None:
        return "room_not_found"
    if viewer != "spectator" and summary.get("outcome") is None:
        return "not_over"
    return None


async def present_step(
    redis: Redis, class_code: str, room: str, step: int, viewer: str
) -> Presented:
    """Tell every student following the class to open `room`'s replay at `step` from `viewer`;
    return what they are told."""
    grant = await Presenting(redis).grant(class_code, room, VIEWERS[viewer])
    told = Presented(code=class_code, room=room, step=step, viewer=viewer, grant=grant)
    await _publish(redis, class_code, told)
    return told


async def end_presentation(redis: Redis, class_code: str) -> Presented:
    """Tell the class's followers the presentation has ended."""
    told = Presented(code=class_code)
    await _publish(redis, class_code, told)
    return told


async def _publish(redis: Redis, class_code: str, told: Presented) -> None:
    text = told.model_dump_json()
    await Presenting(redis).keep_current(class_code, text)
    await redis.publish(class_channel(class_code), text)


async def present(hub: Hub, conn: Connection, request: Present) -> Accepted:
    """The websocket request `present`: the class's instructor only; a room of the class (or the
    2025 line), from a view that may be shown; then the relay tells the class."""
    account = require_account(conn)
    session = await load_class(hub.redis, request.code)
    if session is None or session.owner != account:
        raise Refusal("class_not_found", f"you have no class {request.code}")
    if request.stop or request.room is None:
        await end_presentation(hub.redis, session.code)
        return Accepted(id=request.id, n=0)
    room = request.room
    if room != HISTORY_CODE and room not in session.rooms:
        raise Refusal("room_not_in_class", f"{room} is not a room of class {session.code}")
    summary = None if room == HISTORY_CODE else await Replays(hub).summary(room)
    refused = presentable(room, request.viewer, summary)
    if refused == "not_over":
        raise Refusal(
            refused, "a game still being played can be presented only as a spectator saw it"
        )
    if refused is not None:
        raise Refusal(refused, f"there is no room {room}")
    await present_step(hub.redis, session.code, room, request.step, request.viewer)
    return Accepted(id=request.id, n=request.step)
