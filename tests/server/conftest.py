"""Fixtures for server tests live in tests/conftest.py (server_url, servers); the ones here are
for the tests of bad input (test_bad_input.py, test_refused_requests.py, test_floods.py, which
use `scenarios_loaded_once` in every test: their `pytestmark`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from refusalkit import Table
from workerkit import Serve, Served

import server.web.app
from client.connection import BrinkClient
from server.live.loading import load_scenarios
from server.ruleset.model import Ruleset
from server.storage.store import Store

SCENARIOS: dict[Path, dict[str, Ruleset]] = {}


@pytest.fixture
def scenarios_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start these modules' many servers faster: check the rule files once, not per server."""

    def load(rules_dir: Path) -> dict[str, Ruleset]:
        if rules_dir not in SCENARIOS:
            SCENARIOS[rules_dir] = load_scenarios(rules_dir)
        return SCENARIOS[rules_dir]

    monkeypatch.setattr(server.web.app, "load_scenarios", load)


@pytest.fixture
async def table(server_url: str, redis_url: str) -> AsyncIterator[Table]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    washington = BrinkClient(server_url, "Ada")
    beijing = BrinkClient(server_url, "Bo")
    watcher = BrinkClient(server_url, "Watcher")
    for client in (washington, beijing, watcher):
        await client.connect()
    room = await washington.create_room("intro", timers=False)
    await washington.join(room.code, "washington")
    await beijing.join(room.code, "beijing")
    await watcher.join(room.code)
    found = Table(
        server_url, room.code, room.instructor_key, washington, beijing, watcher, Store(redis)
    )
    await found.settle()
    assert washington.view["to_act"] == "washington"
    yield found
    for client in found.clients:
        await client.close()
    await redis.aclose()


@pytest.fixture
async def serve(tmp_path: Path) -> AsyncIterator[Serve]:
    """A factory of `brink serve --workers N` processes (tests/workerkit.py) on a given Redis
    (None: their own embedded one), stopped at the end of the test."""
    started: list[Served] = []

    async def start(redis_url: str | None, workers: int = 2, **env: str) -> Served:
        served = Served(tmp_path / f"serve-{len(started)}", workers, redis_url, env)
        started.append(served)
        assert "Brinkmanship is ready" in await served.ready()
        return served

    for index in range(4):
        (tmp_path / f"serve-{index}").mkdir()
    yield start
    for served in started:
        served.stop()
