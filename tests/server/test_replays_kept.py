"""A record opened for replay is verified once and kept for the next requests (server/live/
games.py keeps the 64 last): the HTTP routes made a new `Replays` for every request, so its
cache was always empty, and each summary or step of a past game read the whole record again
and replayed it through the engine on the event loop (~20 ms a request; 8 clients asking in
a loop held every websocket's answer up by 70-360 ms)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from serverkit import start_server

from client.rules import http_base
from server.live import games
from server.protocol.codes import HISTORY_CODE
from server.web.appkeys import HUB
from server.web.games import replays_of


async def test_a_past_game_is_verified_once_for_many_requests(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    base = f"{http_base(url)}/api/games/{HISTORY_CODE}"
    kept = replays_of(runner.app[HUB])._cache  # what the routes keep between requests
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(base) as first:
                assert first.status == 200
            assert list(kept) == [(HISTORY_CODE, -1)]
            verified = kept[HISTORY_CODE, -1]
            for path in ("", "/step?n=5", "/step?n=40&since=5"):
                async with http.get(base + path) as again:
                    assert again.status == 200, path
            assert kept[HISTORY_CODE, -1] is verified  # the same, not verified again
    finally:
        await runner.cleanup()


async def test_a_class_opening_one_replay_at_once_has_it_verified_once(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verified in a thread, a record could be asked for again before it was kept: 40 students
    opening the same replay at once verified it 40 times side by side."""
    runner, _ = await start_server(redis_url, tmp_path)
    replays = replays_of(runner.app[HUB])
    calls: list[str] = []
    verify = games.verified

    def counted(text: str, code: str) -> Any:
        calls.append(code)
        return verify(text, code)

    monkeypatch.setattr(games, "verified", counted)
    try:
        opened = await asyncio.gather(*(replays.open(HISTORY_CODE) for _ in range(40)))
        assert calls == [HISTORY_CODE], f"verified {len(calls)} times"
        assert all(found is opened[0] for found in opened), "one verification, shared"
        assert replays._cache[HISTORY_CODE, -1] is opened[0]
    finally:
        await runner.cleanup()
