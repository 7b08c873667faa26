"""Fixtures for fault tests: a Redis of the test's own (stoppable, AOF on), a Redis Cluster, and
`brink serve` processes the test can kill."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from clusterkit import Cluster
from faultkit import InProcess, OwnRedis, ServerProcess, Spawn
from serverkit import start_server


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    data = tmp_path / "redis"
    data.mkdir()
    server = OwnRedis(data)
    server.start()
    yield server
    server.close()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """A three-node Redis Cluster of the test's own (stopped at the end of the test)."""
    nodes = tmp_path / "cluster"
    nodes.mkdir()
    started = Cluster(nodes)
    yield started
    started.close()


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Spawn]:
    """A factory of `brink serve` processes (stopped at the end of the test)."""
    started: list[ServerProcess] = []

    def start(redis_url: str | None, **env: str) -> ServerProcess:
        data = tmp_path / f"serve{len(started)}"
        data.mkdir()
        started.append(ServerProcess(redis_url, data, **env))
        return started[-1]

    yield start
    for process in started:
        process.stop()


@pytest.fixture
async def in_process(tmp_path: Path) -> AsyncIterator[InProcess]:
    """A factory of in-process servers on a given Redis; returns (runner, ws URL)."""
    runners: list[web.AppRunner] = []

    async def start(redis_url: str, **options: Any) -> tuple[web.AppRunner, str]:
        runner, url = await start_server(redis_url, tmp_path, **options)
        runners.append(runner)
        return runner, url

    yield start
    for runner in runners:
        await runner.cleanup()
