"""A game's evaluation graph asked for many times at once (a page opened in many tabs, or a
stranger's loop over a public game) is worked out once, and every asker gets it: asked for 8
times at once, it took the one evaluation worker 8 times as long, and every other game's graph
waited behind them."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp

from client.rules import http_base

AT_ONCE = 8


async def _imported(http: aiohttp.ClientSession, record: bytes) -> dict[str, str]:
    async with http.post("/api/games/import", data=record) as answer:
        assert answer.status == 200
        return dict(await answer.json())


async def _graph(http: aiohttp.ClientSession, game: dict[str, str]) -> Any:
    key = {"Authorization": f"Bearer {game['instructor_key']}"}
    async with http.get(f"/api/games/{game['code']}/evaluation", headers=key) as answer:
        assert answer.status == 200, await answer.text()
        return await answer.json()


async def _worked_out(http: aiohttp.ClientSession) -> int:
    """How many graphs the server has worked out (its /metrics)."""
    async with http.get("/metrics") as answer:
        found = re.search(r"^brink_evaluations_total ([0-9.e+]+)$", await answer.text(), re.M)
    assert found is not None
    return int(float(found.group(1)))


async def test_one_graph_asked_for_at_once_is_worked_out_once(server_url: str) -> None:
    async with aiohttp.ClientSession(base_url=http_base(server_url)) as http:
        async with http.get("/api/games/H2025/record") as answer:
            record = await answer.read()  # a long game: its graph takes a while
        first, second = await _imported(http, record), await _imported(http, record)
        before = await _worked_out(http)
        alone = await _graph(http, first)
        assert await _worked_out(http) == before + 1
        graphs = await asyncio.gather(*(_graph(http, second) for _ in range(AT_ONCE)))
        assert await _worked_out(http) == before + 2, f"{AT_ONCE} askers, one graph"
        await _graph(http, second)  # kept: not worked out again
        assert await _worked_out(http) == before + 2
    assert all(graph == alone for graph in graphs)
