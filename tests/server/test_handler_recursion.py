"""A RecursionError of a handler's own is the server's fault (a 500), not the client's "JSON
nested too deeply" (400 `bad_json`): `guarded_bodies` (server/web/http.py) says `bad_json` only
when the json parser raised it, reading the request's body."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from server.settings import Settings
from server.web.app import create_app


def _deeper(n: int) -> int:
    return _deeper(n + 1) + 1  # a bug: it never stops


async def _recursing(request: web.Request) -> web.Response:
    await request.json()  # the body reads well: the bug is further on
    return web.json_response({"depth": _deeper(0)})


async def _parsing(request: web.Request) -> web.Response:
    return web.json_response(await request.json())


@pytest.fixture
async def base(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A real server with two more routes: one whose handler has a recursion bug."""
    app = create_app(Settings(redis_url=redis_url, data_dir=tmp_path, bot_delay=0.0))
    app.router.add_post("/api/test/recursing", _recursing)
    app.router.add_post("/api/test/parsing", _parsing)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    await runner.cleanup()


async def test_a_handlers_own_recursion_bug_is_a_500_not_bad_json(base: str) -> None:
    async with (
        aiohttp.ClientSession(base_url=base) as session,
        session.post("/api/test/recursing", json={"a": 1}) as answer,
    ):
        assert answer.status == 500, await answer.text()


async def test_json_nested_too_deep_in_the_body_is_still_bad_json(base: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    async with aiohttp.ClientSession(base_url=base) as session:
        async with session.post("/api/test/parsing", data=deep) as answer:
            assert answer.status == 400
            assert (await answer.json())["error"] == "bad_json"
        async with session.post("/api/test/parsing", data=json.dumps([[1]])) as answer:
            assert (answer.status, await answer.json()) == (200, [[1]])
