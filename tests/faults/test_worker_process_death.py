"""The worker processes of a `brink serve` (docs/operations.md): the evaluation graphs' and the
imports' checker. One killed (kill -9, as the kernel's OOM killer does) is started again: the
evaluation asked next is worked out in a new worker; the import that finds its checker dead is
answered 503 `unavailable` ("try again"), and the one after it is checked. Before, a dead
evaluation worker broke its pool for good: every later evaluation of the process failed (500)."""

from __future__ import annotations

import os
import signal
from typing import Any

import aiohttp
import psutil  # type: ignore[import-untyped]
from faultkit import ServerProcess, Spawn
from recordkit import RULES, bot_game

from client.rules import http_base


def _spawned(server: ServerProcess) -> list[psutil.Process]:
    """The server's worker processes (multiprocessing's, spawned), oldest first."""
    children = psutil.Process(server.process.pid).children()
    found = [c for c in children if "spawn_main" in " ".join(c.cmdline())]
    return sorted(found, key=lambda child: child.create_time())


def _kill(process: psutil.Process) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)


async def _import(http: aiohttp.ClientSession, seed: int) -> tuple[int, dict[str, Any]]:
    record = bot_game(RULES["intro"], seed)[0].encode()
    async with http.post("/api/games/import", data=record) as answer:
        return answer.status, await answer.json()


async def _evaluation(http: aiohttp.ClientSession, imported: dict[str, Any]) -> int:
    key = {"Authorization": f"Bearer {imported['instructor_key']}"}
    async with http.get(f"/api/games/{imported['code']}/evaluation", headers=key) as answer:
        body = await answer.text()
        assert answer.status in (200, 500, 503), body
        return answer.status


async def test_a_killed_evaluation_worker_is_started_again(spawn: Spawn, redis_url: str) -> None:
    server = spawn(redis_url)
    async with aiohttp.ClientSession(base_url=http_base(server.url)) as http:
        games = []
        for seed in range(3):
            status, imported = await _import(http, seed)
            assert status == 200, imported
            games.append(imported)
        assert await _evaluation(http, games[0]) == 200
        checker, evaluator = _spawned(server)  # the checker started with the first import
        _kill(evaluator)
        assert await _evaluation(http, games[1]) == 200, "worked out in a new worker"
        assert await _evaluation(http, games[2]) == 200
        assert checker in _spawned(server) and evaluator not in _spawned(server)


async def test_a_killed_import_checker_is_started_again(spawn: Spawn, redis_url: str) -> None:
    server = spawn(redis_url)
    async with aiohttp.ClientSession(base_url=http_base(server.url)) as http:
        assert (await _import(http, 1))[0] == 200
        (checker,) = _spawned(server)
        _kill(checker)
        status, refused = await _import(http, 2)
        assert (status, refused["error"]) == (503, "unavailable")
        status, imported = await _import(http, 2)  # as told: try again
        assert status == 200, imported
        assert await _evaluation(http, imported) == 200
