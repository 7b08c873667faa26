"""The class dashboard (server/classroom/dashboard.py) kept what it was told while it read the
class: a student who arrived, or a change of the class, while a board was reading them was lost,
and the dashboard showed the room "waiting for Ada" (seated, never here) or one student joined
of two, for good (seen in CI as two flaky browser tests). A real server, Redis and sockets; the
reads are wrapped only to make the change land while they are under way, as it did under load."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from classkit import add_instructor, http_base, signed_in
from classroom.test_class_dashboard import make_class, until
from serverkit import start_server

from server.classroom import dashboard
from server.classroom.classes import load_class
from server.classroom.dashboard import Board
from server.classroom.service import classroom_of
from server.live.hub import Hub
from server.protocol import Presence
from server.web.appkeys import HUB


@pytest.fixture
async def served(redis_url: str, tmp_path: Path) -> AsyncIterator[tuple[web.AppRunner, str]]:
    await add_instructor(redis_url)
    runner, url = await start_server(redis_url, tmp_path)
    yield runner, url
    await runner.cleanup()


async def _class(url: str) -> dict[str, Any]:
    async with await signed_in(url) as teacher:
        return await make_class(teacher, timers=False)


async def test_a_student_who_arrives_while_the_board_counts_them_is_kept(
    served: tuple[web.AppRunner, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner, url = served
    made = await _class(url)
    room = made["rooms"][0]
    hub: Hub = runner.app[HUB]
    board = Board(hub, made["code"])
    counted = hub.live.present

    async def counted_as_ada_arrives(code: str) -> dict[str, int]:
        found = await counted(code)  # nobody yet: read before she came
        if code == room:  # she arrives now: the board's listener in the room is told
            board.eyes[room].send(Presence(seat="washington", name="Ada", status="joined"))
        return found

    monkeypatch.setattr(hub.live, "present", counted_as_ada_arrives)
    try:
        assert await board.open()
        assert board.present[room].get("washington") == 1
    finally:
        await board.close()


async def test_a_change_told_while_the_board_reads_the_class_reaches_it(
    served: tuple[web.AppRunner, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner, url = served
    made = await _class(url)
    code = made["code"]
    read: Callable[..., Awaitable[Any]] = load_class
    joined: list[int] = []

    async def read_as_ada_joins(redis: Any, asked: str) -> Any:
        found = await read(redis, asked)  # the class before she joins
        if not joined:  # she joins now, while the board has the class as it was
            async with (
                aiohttp.ClientSession(base_url=http_base(url)) as ada,
                ada.post(f"/api/classes/{code}/join", json={"name": "Ada"}) as answer,
            ):
                joined.append(answer.status)
        return found

    monkeypatch.setattr(dashboard, "load_class", read_as_ada_joins)
    board = await classroom_of(runner.app[HUB]).board(code)
    assert board is not None and joined == [200]

    def ada_joined() -> bool:
        session = board.session
        return session is not None and any(
            s.name == "Ada" and s.joined for s in session.students.values()
        )

    await until(ada_joined, timeout=5)


async def test_two_watchers_opening_at_once_share_one_board(
    served: tuple[web.AppRunner, str],
) -> None:
    runner, url = served
    made = await _class(url)
    classroom = classroom_of(runner.app[HUB])
    first, second = await asyncio.gather(
        classroom.board(made["code"]), classroom.board(made["code"])
    )
    assert first is not None and first is second
    assert first.session is not None and list(first.rooms) == made["rooms"]
