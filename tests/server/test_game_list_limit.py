"""`GET /api/games` (the past games: each request reads and parses up to 5000 summaries) is
limited per client address as the other costly routes are: counted in Redis across processes,
past the limit 429 `too_many_listings` with Retry-After; another address is not held up, and
behind our proxy each client counts on its own. It was not limited at all."""

from __future__ import annotations

from typing import Any

import aiohttp
from serverkit import Start

from client.rules import http_base

FOREVER = 10_000_000.0
"""A window no test outlives (windows are aligned to the epoch: no boundary mid-test)."""


async def _list(
    http: aiohttp.ClientSession, url: str, forwarded_for: str | None = None
) -> tuple[int, Any, str | None]:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    async with http.get(f"{http_base(url)}/api/games", headers=headers) as reply:
        return reply.status, await reply.json(), reply.headers.get("Retry-After")


async def test_lists_of_past_games_from_one_address_are_limited_across_processes(
    servers: Start,
) -> None:
    options = {"game_lists_per_address": 3, "game_lists_window": FOREVER}
    urls = [await servers(**options), await servers(**options)]
    async with aiohttp.ClientSession() as http:
        for number in range(3):
            status, found, _ = await _list(http, urls[number % 2])
            assert status == 200 and found["page"] == 1, found
        for url in urls:
            status, found, wait = await _list(http, url)
            assert status == 429, found
            assert found["error"] == "too_many_listings"
            assert "your network address" in found["message"]
            assert wait is not None and int(wait) >= 1
            assert f"wait {wait} s" in found["message"]


async def test_behind_our_proxy_each_client_is_limited_on_its_own(servers: Start) -> None:
    url = await servers(
        game_lists_per_address=1, game_lists_window=FOREVER, trusted_proxies=["127.0.0.1"]
    )
    async with aiohttp.ClientSession() as http:
        assert (await _list(http, url, "198.51.100.1"))[0] == 200
        assert (await _list(http, url, "198.51.100.1"))[0] == 429
        assert (await _list(http, url, "203.0.113.9, 198.51.100.1"))[0] == 429  # spoofed
        assert (await _list(http, url, "198.51.100.2"))[0] == 200
