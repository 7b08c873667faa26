"""Fixtures for server tests: a real server on a free loopback port, against the real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from serverkit import Start, start_server


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
