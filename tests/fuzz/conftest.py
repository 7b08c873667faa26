"""Fixtures for fuzzing: a real server (loopback, free port, the session's real Redis) with the
rate limit raised above what a fuzzer sends, its ERROR log captured, and a game in progress."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fuzz.wire import ErrorLog, Fuzzer
from serverkit import start_server


@pytest.fixture
def error_log() -> Iterator[ErrorLog]:
    """Every record the process logs at ERROR or above while the test runs."""
    log = ErrorLog()
    with log.installed():
        yield log


@pytest.fixture
async def fuzzer(redis_url: str, tmp_path: Path, error_log: ErrorLog) -> AsyncIterator[Fuzzer]:
    """A server with a game in progress (two seated players, a spectator, a team-role seat, a
    room against a bot next to it), and the harness that sends it frames. The rate limit is far
    above the fuzzer's pace: what is tested is the answer to each message, not the limit."""
    runner, url = await start_server(redis_url, tmp_path, rate_per_second=10_000, rate_burst=10_000)
    found = Fuzzer(url, redis_url, error_log)
    await found.start()
    yield found
    await found.close()
    await runner.cleanup()
    assert not error_log.records, error_log.describe()
