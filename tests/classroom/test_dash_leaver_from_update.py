"""The dashboard learns who clicked Leave from the update that tells it (the `seat_left` notice
it carries), not by reading the room's whole log again (a real server, Redis and websockets).

The board read each room's log from its start when it opened, and again on every `seat_left`:
in a class of 25 rooms, each Leave or Move cost a read of a whole game's log. It reads the log
once now, when it opens; what comes after, it takes from the updates."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from classkit import add_instructor, session_cookie, signed_in
from classroom.test_class_sessions import make_class, pushed, seated, until
from classroom.test_dash_turn_since import watched
from redis.asyncio import Redis

from client.connection import BrinkClient
from server.protocol import ClassView, WatchClass
from server.storage import keys
from server.storage.scripts import ENTRIES

SENTINEL = "the leave is seen"


def seat(summary: dict[str, Any], which: str) -> dict[str, Any]:
    return next(s for s in summary["seats"] if s["seat"] == which)


class Reads:
    """The reads of a room's log by the ENTRIES script, as MONITOR sees them on the test's
    Redis, up to a sentinel the test sends (everything before it has been seen then)."""

    def __init__(self, redis_url: str, log_key: str) -> None:
        self.redis = Redis.from_url(redis_url, decode_responses=True)
        self.sha = hashlib.sha1(ENTRIES.encode()).hexdigest()
        self.key = log_key
        self.found: list[str] = []
        self.ended = asyncio.Event()
        self.started = asyncio.Event()

    async def watch(self) -> None:
        async with self.redis.monitor() as monitor:
            self.started.set()
            async for seen in monitor.listen():
                command = str(seen.get("command", ""))
                if SENTINEL in command:
                    self.ended.set()
                    return
                if self.sha in command and self.key in command:
                    self.found.append(command)


async def test_a_leave_on_a_watched_class_is_shown_without_reading_the_log_again(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, roster_text="Ada\nBo\n")
        code, (room,) = info["code"], info["rooms"]
        cookie = session_cookie(teacher)
        ada, bo = [await seated(server_url, code, n) for n in ("Ada", "Bo")]
        try:
            async with asyncio.timeout(10):
                while not (await watched(server_url, cookie, code, room))["started"]:
                    await asyncio.sleep(0.05)
            headers = {"Cookie": cookie}
            async with BrinkClient(server_url, "Ms Li", headers=headers, record=True) as board:
                assert isinstance(await board.request(WatchClass(code=code)), ClassView)
                reads = Reads(redis_url, keys.room(room, "log"))
                watching = asyncio.create_task(reads.watch())
                try:
                    await asyncio.wait_for(reads.started.wait(), 10)
                    await bo.leave()

                    def beijing() -> list[dict[str, Any]]:
                        return [
                            seat(r, "beijing")
                            for m in pushed(board, "class_rooms")
                            for r in m["rooms"]
                            if r["code"] == room
                        ]

                    await until(lambda: any(s.get("left") for s in beijing()))
                    async with Redis.from_url(redis_url) as redis:
                        await redis.echo(SENTINEL)
                    await asyncio.wait_for(reads.ended.wait(), 10)
                finally:
                    watching.cancel()
                    await reads.redis.aclose()
                assert reads.found == []  # shown left, the log not read again
            # a dashboard opened after reads it from the log: the same
            now = await watched(server_url, cookie, code, room)
            assert seat(now, "beijing")["left"] is True
            assert seat(now, "washington").get("left") is None
        finally:
            for student in (ada, bo):
                await student.close()
