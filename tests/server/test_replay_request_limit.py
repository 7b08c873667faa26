"""A game's replay (`GET /api/games/CODE`, its `/step`, `/record` and `/evaluation`) is limited
per client address as the listing is: counted in Redis across processes, past the limit 429
`too_many_replay_requests` with Retry-After; another address is not held up, and behind our
proxy each client counts on its own. It was not limited at all. The default lets a class of 40
behind one address (a school's NAT) step through a whole game within one window."""

from __future__ import annotations

from typing import Any

import aiohttp
from serverkit import Start

from client.rules import http_base
from server.settings import Settings

FOREVER = 10_000_000.0
"""A window no test outlives (windows are aligned to the epoch: no boundary mid-test)."""


async def _get(
    http: aiohttp.ClientSession, url: str, path: str, forwarded_for: str | None = None
) -> tuple[int, Any, str | None]:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    async with http.get(f"{http_base(url)}/api/games/H2025{path}", headers=headers) as reply:
        found = await reply.json(content_type=None) if path != "/record" else None
        return reply.status, found, reply.headers.get("Retry-After")


async def test_a_replays_requests_from_one_address_are_limited_across_processes(
    servers: Start,
) -> None:
    options = {"replay_requests_per_address": 4, "replay_requests_window": FOREVER}
    urls = [await servers(**options), await servers(**options)]
    async with aiohttp.ClientSession() as http:
        for number, path in enumerate(["", "/step?n=3", "/record", "/step?n=4&since=3"]):
            status, found, _ = await _get(http, urls[number % 2], path)
            assert status == 200, (path, found)
        for url, path in ((urls[0], "/evaluation"), (urls[1], "/step?n=5"), (urls[0], "")):
            status, found, wait = await _get(http, url, path)
            assert status == 429, (path, found)
            assert found["error"] == "too_many_replay_requests"
            assert "your network address" in found["message"]
            assert wait is not None and int(wait) >= 1
            assert f"wait {wait} s" in found["message"]
        async with http.get(f"{http_base(urls[0])}/api/games") as reply:
            assert reply.status == 200, "the listing is counted apart"


async def test_behind_our_proxy_each_client_is_limited_on_its_own(servers: Start) -> None:
    url = await servers(
        replay_requests_per_address=1,
        replay_requests_window=FOREVER,
        trusted_proxies=["127.0.0.1"],
    )
    async with aiohttp.ClientSession() as http:
        assert (await _get(http, url, "/step?n=1", "198.51.100.1"))[0] == 200
        assert (await _get(http, url, "/step?n=2", "198.51.100.1"))[0] == 429
        assert (await _get(http, url, "/step?n=2", "203.0.113.9, 198.51.100.1"))[0] == 429
        assert (await _get(http, url, "/step?n=2", "198.51.100.2"))[0] == 200


def test_the_default_lets_a_class_of_40_step_through_a_whole_game_in_a_window() -> None:
    settings = Settings()
    students, steps = 40, 242  # the 2025 line: a long game, one request a step forward
    per_minute = settings.replay_requests_per_address * 60 / settings.replay_requests_window
    assert per_minute >= students * (steps + 2)  # and the summary, twice


async def test_a_fork_counts_as_a_replay_request(servers: Start) -> None:
    """A "what if" verifies the game as a replay does: forks looped over many public games were
    a way around the limit. Past it, the fork is refused before anything is verified."""
    url = await servers(replay_requests_per_address=1, replay_requests_window=FOREVER)
    async with aiohttp.ClientSession() as http:
        assert (await _get(http, url, "/step?n=1"))[0] == 200
        fork = f"{http_base(url)}/api/games/H2025/fork"
        body = {"step": 3, "bots": {"washington": "dove", "beijing": "hawk"}}
        async with http.post(fork, json=body) as reply:
            found = await reply.json(content_type=None)
            assert reply.status == 429, found
            assert found["error"] == "too_many_replay_requests"
