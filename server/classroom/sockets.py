"""The classroom's websocket requests (ws.py's HANDLERS): a student follows their class, its
instructor watches (and stops watching) its dashboard; and a closed socket lets go of both."""

from __future__ import annotations

from server.classroom.accounts import require_account
from server.classroom.classes import ClassError, load_class
from server.classroom.follow import start_following
from server.classroom.service import classroom_of, existing_classroom
from server.live.connection import Connection
from server.live.handlers import Refusal
from server.live.hub import Hub
from server.protocol import (
    Accepted,
    ClassFollowed,
    ClassView,
    FollowClass,
    UnwatchClass,
    WatchClass,
)


async def follow_class(hub: Hub, conn: Connection, request: FollowClass) -> ClassFollowed:
    classroom = classroom_of(hub)
    try:
        follower, reply = await start_following(hub, classroom.store, request)
    except ClassError as error:
        raise Refusal(error.code, error.message) from None
    await classroom.follow(conn, follower)
    return reply


async def watch_class(hub: Hub, conn: Connection, request: WatchClass) -> ClassView:
    """The class's owner only: anyone else (another instructor too) is told there is no such
    class, which does not confirm that it exists."""
    account = require_account(conn)
    session = await load_class(hub.redis, request.code)
    if session is None or session.owner != account:
        raise Refusal("class_not_found", f"you have no class {request.code}")
    board = await classroom_of(hub).board(session.code)
    if board is None:
        raise Refusal("class_not_found", f"you have no class {request.code}")
    board.watchers.add(conn)
    return board.view(request.id)


async def unwatch_class(hub: Hub, conn: Connection, request: UnwatchClass) -> Accepted:
    """Answered `accepted` (n 0): nothing more about the class comes to this socket."""
    await classroom_of(hub).unwatch(conn, request.code)
    return Accepted(id=request.id, n=0)


async def disconnected(hub: Hub, conn: Connection) -> None:
    """The socket closed: it follows and watches no class any more."""
    classroom = existing_classroom(hub)
    if classroom is not None:
        await classroom.disconnected(conn)
