"""Fixtures for the Python client's tests: a real server on a free loopback port, real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from serverkit import start_server


@pytest.fixture
async def server_url(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """The ws:// URL of a running server (bots move at once, timers checked every 50 ms)."""
    runner, url = await start_server(redis_url, tmp_path)
    yield url
    await runner.cleanup()
