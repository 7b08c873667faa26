"""Fixtures for server tests: a real server on a free loopback port, against the real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from server.app import create_app
from server.settings import Settings

Start = Callable[..., Any]


async def start_server(redis_url: str, data_dir: Path, **options: Any) -> tuple[web.AppRunner, str]:
    """Start the app on 127.0.0.1 and a free port; return its runner and ws:// URL."""
    settings = Settings(
        redis_url=redis_url,
        port=0,
        data_dir=data_dir,
        bot_delay=options.pop("bot_delay", 0.0),
        timer_interval=options.pop("timer_interval", 0.05),
        **options,
    )
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"ws://127.0.0.1:{port}/ws"


@pytest.fixture
async def server_url(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """The ws:// URL of a running server (bots move at once, timers checked every 50 ms)."""
    runner, url = await start_server(redis_url, tmp_path)
    yield url
    await runner.cleanup()


@pytest.fixture
async def servers(redis_url: str, tmp_path: Path) -> AsyncIterator[Start]:
    """A factory for more servers on the same Redis (stopped at the end of the test)."""
    runners: list[web.AppRunner] = []

    async def start(**options: Any) -> str:
        runner, url = await start_server(redis_url, tmp_path, **options)
        runners.append(runner)
        return url

    yield start
    for runner in runners:
        await runner.cleanup()
