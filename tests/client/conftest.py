"""Fixtures for the Python client's tests: a real server on a free loopback port, real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from serverkit import start_server
from workerkit import Served


@pytest.fixture
async def server_url(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """The ws:// URL of a running server (bots move at once, timers checked every 50 ms)."""
    runner, url = await start_server(redis_url, tmp_path)
    yield url
    await runner.cleanup()


@pytest.fixture
async def served(redis_url: str, tmp_path: Path) -> AsyncIterator[Served]:
    """`brink serve --workers 2` on the test Redis."""
    server = Served(tmp_path, 2, redis_url, {})
    try:
        assert "Brinkmanship is ready" in await server.ready()
        yield server
    finally:
        server.stop()
