"""A control for every room of a class: each room in turn, one result each.

(The class sessions — `server/classroom/classes.py` — come with the class branch; until they are
merged, no class is known here.)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from server.live.handlers import Refusal
from server.live.hub import Hub
from server.live.rooms import Room
from server.protocol import Control, ControlResult

Apply = Callable[[Hub, Room, str, Control], Awaitable[ControlResult]]


async def each_room(
    hub: Hub, account: str, code: str, request: Control, apply: Apply
) -> list[ControlResult]:
    """Apply the control to every room of class `code` (owned by `account`)."""
    raise Refusal("class_not_found", f"there is no class {code}")
