"""A class's Move or Remove empties a student's seat as a player's Leave does, from the game's
point of view: `seat_left` (who left) in the room's log, and the room's clock waits (the server's
`no_seat` pause) while that side has nobody; the seat taken again, it goes on. And a class's
Resume leaves such a room waiting for its seat: it ends the instructor's pauses only
(server/classroom/steering.py, controls.py; server/live/vacancy.py). Real server, Redis and
websockets; the students play through the Python client, as the class's pages do."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field

import aiohttp
from classkit import add_instructor, http_base, session_cookie, signed_in
from controlkit import until

from client.connection import BrinkClient
from server.protocol import ClassFollowed, FollowClass, Notice

SECONDS = {"betting": 30, "talks": 30}
ROSTER = "Ada\nBo\nCy\nDi\n"  # Room 1: Ada (Washington), Bo; Room 2: Cy (Washington), Di


@dataclass
class Class:
    code: str
    rooms: list[str]
    teacher: aiohttp.ClientSession
    students: dict[str, BrinkClient] = field(default_factory=dict)
    watchers: list[BrinkClient] = field(default_factory=list)

    async def post(self, path: str, body: dict[str, str]) -> None:
        async with self.teacher.post(f"/api/classes/{self.code}/{path}", json=body) as done:
            assert done.status == 200, await done.text()

    async def control(self, server_url: str, action: str) -> dict[str, tuple[str | None, bool]]:
        """A control of the whole class; each room's (refusal code, whether `n` is given)."""
        headers = {"Cookie": session_cookie(self.teacher)}
        async with BrinkClient(server_url, "Ms Li", headers=headers) as li:
            done = await li.control(action, class_=self.code)
        return {r.room: (r.code, r.n is not None) for r in done.results}


async def seated(server_url: str, code: str, name: str) -> BrinkClient:
    """A student who joined the class by `name`, following it and sitting in their seat."""
    async with (
        aiohttp.ClientSession(base_url=http_base(server_url)) as anyone,
        anyone.post(f"/api/classes/{code}/join", json={"name": name}) as joined,
    ):
        token = (await joined.json())["token"]
    client = BrinkClient(server_url, name)
    await client.connect()
    where = await client.request(FollowClass(code=code, token=token))
    assert isinstance(where, ClassFollowed) and where.room and where.token
    await client.resume(where.room, where.token)
    return client


@asynccontextmanager
async def playing(server_url: str, redis_url: str) -> AsyncIterator[Class]:
    """A class of four, both rooms' clocks running, a watcher in each room."""
    await add_instructor(redis_url)
    setup = {"scenario": "intro", "roster_text": ROSTER, "shuffle": False, "seconds": SECONDS}
    async with AsyncExitStack() as stack:
        teacher = await stack.enter_async_context(await signed_in(server_url))
        async with teacher.post("/api/classes", json=setup) as made:
            assert made.status == 201, await made.text()
            info = await made.json()
        found = Class(info["code"], info["rooms"], teacher)
        for name in ("Ada", "Bo", "Cy", "Di"):
            client = await seated(server_url, found.code, name)
            stack.push_async_callback(client.close)
            found.students[name] = client
        for room in found.rooms:
            watcher = BrinkClient(server_url, "Sam")
            await watcher.connect()
            stack.push_async_callback(watcher.close)
            await watcher.join(room)
            await watcher.wait_for(lambda _, w=watcher: w.deadline is not None)
            found.watchers.append(watcher)
        yield found


def notices(client: BrinkClient) -> list[Notice]:
    return [e.notice for e in client.entries if e.notice is not None]


def last(client: BrinkClient) -> tuple[str, str, str]:
    notice = notices(client)[-1]
    return notice.kind, notice.reason, notice.by


def left(client: BrinkClient) -> list[tuple[str | None, str | None]]:
    return [(n.seat, n.name) for n in notices(client) if n.kind == "seat_left"]


async def test_a_move_out_of_a_room_is_logged_and_its_clock_waits_for_the_seat(
    server_url: str, redis_url: str
) -> None:
    async with playing(server_url, redis_url) as lesson:
        one, two = lesson.watchers
        running = one.deadline
        assert running is not None
        await lesson.post("move", {"student": "s1", "room": "new", "seat": "washington"})
        await until(one, lambda: last(one) == ("paused", "no_seat", "system"))
        assert left(one) == [("washington", "Ada")]
        assert one.deadline is not None and one.deadline > running + 60_000  # abandon_after

        # Cy (Room 2's Washington) moved into the empty seat: Room 1 goes on, Room 2 waits
        await lesson.post("move", {"student": "s3", "room": lesson.rooms[0], "seat": "washington"})
        cy = lesson.students["Cy"]
        async with asyncio.timeout(10):
            while cy.class_followed is None or cy.class_followed.room != lesson.rooms[0]:
                await asyncio.sleep(0.02)
        assert cy.class_followed.token is not None
        await cy.resume(lesson.rooms[0], cy.class_followed.token)
        await until(one, lambda: last(one) == ("resumed", "seat_taken", "system"))
        await until(two, lambda: last(two) == ("paused", "no_seat", "system"))
        assert left(two) == [("washington", "Cy")]


async def test_a_student_removed_is_logged_and_a_class_resume_leaves_the_room_waiting(
    server_url: str, redis_url: str
) -> None:
    async with playing(server_url, redis_url) as lesson:
        one, two = lesson.watchers
        first, second = lesson.rooms
        async with lesson.teacher.delete(f"/api/classes/{lesson.code}/students/s2") as removed:
            assert removed.status == 200, await removed.text()
        await until(one, lambda: last(one) == ("paused", "no_seat", "system"))
        assert left(one) == [("beijing", "Bo")]

        # Resume all: Room 1 is the server's to resume (nobody sits for Beijing); Room 2 runs
        resumed = await lesson.control(server_url, "resume")
        assert resumed == {first: ("waits_for_seat", False), second: ("not_paused", False)}
        # Pause all, Resume all: the instructor's pause over Room 1 ends, and it waits again
        paused = await lesson.control(server_url, "pause")
        assert paused == {first: (None, True), second: (None, True)}
        await until(one, lambda: last(one) == ("paused", "instructor", "ms_li"))
        resumed = await lesson.control(server_url, "resume")
        assert resumed == {first: ("waits_for_seat", True), second: (None, True)}
        await until(two, lambda: last(two) == ("resumed", "instructor", "ms_li"))
        await until(one, lambda: last(one) == ("paused", "no_seat", "system"))
        await one.resync()
        assert last(one) == ("paused", "no_seat", "system")
        pause = notices(one)[-1]
        assert pause.seat == "beijing" and pause.left_ms is not None and pause.left_ms > 20_000
