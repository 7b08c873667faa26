"""Instructors' controls in tests: a signed-in teacher's connection, a teacher's room with both
sides seated, a control sent, the notices a client was shown, and a copy of a room as another
process holds it (behind on purpose)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, NamedTuple

from classkit import add_instructor, session_cookie, signed_in

from client.connection import BrinkClient
from server.live.hub import Hub
from server.live.loading import stored_room
from server.live.rooms import Room
from server.protocol import Controlled, Notice, RoomCreated


async def teacher_headers(server_url: str, redis_url: str, name: str = "ms_li") -> dict[str, str]:
    """Create the account `name` and return the handshake headers of its sign-in."""
    await add_instructor(redis_url, name)
    session = await signed_in(server_url, name)
    headers = {"Cookie": session_cookie(session)}
    await session.close()
    return headers


class Seated(NamedTuple):
    """A signed-in teacher's intro room, Ada sitting for Washington and Bo for Beijing."""

    teacher: BrinkClient
    ada: BrinkClient
    bo: BrinkClient
    room: RoomCreated


@asynccontextmanager
async def seated_room(url: str, redis_url: str, **options: Any) -> AsyncIterator[Seated]:
    """Ms Li (signed in) makes an intro room with `options` (`timers=False`, `seconds=…`), Ada
    joins it for Washington and Bo for Beijing; their connections close at the end."""
    headers = await teacher_headers(url, redis_url)
    async with (
        BrinkClient(url, "Ms Li", headers=headers) as teacher,
        BrinkClient(url, "Ada") as ada,
        BrinkClient(url, "Bo") as bo,
    ):
        room = await teacher.create_room("intro", **options)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        yield Seated(teacher, ada, bo, room)


TURNS = {"betting": 30, "talks": 30}
"""Turns long enough that none times out while a test runs."""


@asynccontextmanager
async def clocked_room(
    url: str, redis_url: str, seconds: dict[str, int] = TURNS
) -> AsyncIterator[Seated]:
    """A `seated_room` with turns of `seconds` (by phase kind; 30 s: none times out while a
    test runs), once Ada has seen her turn's clock running."""
    async with seated_room(url, redis_url, seconds=seconds) as seated:
        await seated.ada.wait_for(lambda _: seated.ada.deadline is not None)
        yield seated


async def control(
    client: BrinkClient, action: str, room: str | None = None, **params: Any
) -> Controlled:
    """Send a control (of `room`, or of a class with `class_=`) and return the answer; raise
    ServerError if it is refused."""
    return await client.control(action, room, **params)


CLOCK = ("waiting_for_players", "seats_filled", "started")


def notices(client: BrinkClient, kind: str | None = None) -> list[Notice]:
    """Return the notices `client` was shown, in order (of one kind, if given), but those of a
    new room waiting for its players and its clock starting."""
    found = [
        e.notice for e in client.entries if e.notice is not None and e.notice.reason not in CLOCK
    ]
    return [notice for notice in found if kind is None or notice.kind == kind]


async def until(client: BrinkClient, test: Any, timeout: float = 10) -> None:
    """Wait until `test()` holds, reading the updates `client` is pushed."""
    while not test():
        await client.next_update(timeout)


async def eventually(test: Any, timeout: float = 10) -> None:
    """Wait until `test()` holds (for what comes without an update: presence, a closed socket)."""
    async with asyncio.timeout(timeout):
        while not test():
            await asyncio.sleep(0.02)


async def copy_of(hub: Hub, code: str) -> Room:
    """A copy of the room as another process would have loaded it now (not held by `hub`:
    pub/sub never brings it anything, so it stays behind what is committed after)."""
    room = await stored_room(hub.store, hub.scenarios, code)
    assert room is not None
    await hub.read_log(room)
    room.remember(await hub.entries_since(room, 0))
    return room
