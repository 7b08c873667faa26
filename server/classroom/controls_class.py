"""A control for every room of a class: each room in turn, one result each (none for a room
whose clock has not started, that the control does not apply to: a room waiting for its
students is nothing to pause, and a refusal for it only confused the line that answered).

The class is read with `load_class` (the class sessions, classes.py); only its owner controls
it (anyone else is told there is no such class). `end` also marks the class ended.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from server.classroom.classes import Change, change, changed, load_class
from server.classroom.model import ClassSession
from server.live.handlers import Refusal
from server.live.hub import Hub
from server.live.rooms import Room
from server.protocol import Control, ControlResult
from server.storage.classes import ClassStore
from server.storage.store import BrokenLog

Apply = Callable[[Hub, Room, str, Control], Awaitable[ControlResult]]


async def each_room(
    hub: Hub, account: str, code: str, request: Control, apply: Apply
) -> list[ControlResult]:
    """Apply the control to every room of class `code` (owned by `account`)."""
    session = await load_class(hub.redis, code)
    if session is None or session.owner != account:
        raise Refusal("class_not_found", f"you have no class {code}")
    results = []
    for room_code in session.rooms:
        try:
            room = await hub.room(room_code)
            if room is None:
                raise Refusal("room_not_found", "the room is gone")
            results.append(await apply(hub, room, account, request))
        except Refusal as refusal:
            if refusal.code == "not_started":
                continue  # waiting for its players: nothing to do there, said quietly
            results.append(
                ControlResult(room=room_code, code=refusal.code, message=refusal.message)
            )
        except BrokenLog as error:  # the class's other rooms go on
            results.append(ControlResult(room=room_code, code="broken_log", message=error.told))
    if request.action == "end":
        await _ended(hub, session.code)
    return results


async def _ended(hub: Hub, code: str) -> None:
    store = ClassStore(hub.redis)

    async def end(session: ClassSession, done: Change) -> None:
        session.state = "ended"

    await change(store, code, end)
    await changed(store, code)
