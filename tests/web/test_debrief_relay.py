"""The presenter's relay on a real server and Redis: a step presented to a class is published on
the class's channel with a grant, and the grant opens exactly that game from that view (and as a
spectator) on the replay routes; a running game's hidden views are not presentable."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from recordkit import RULES, seeded_game
from redis.asyncio import Redis
from serverkit import start_server

from server.classroom.presenting import end_presentation, present_step, presentable
from server.live.games import Replays
from server.replay.record import read_record, summary_of
from server.storage.games import Games
from server.storage.keys import class_channel
from server.storage.presenting import Presenting
from server.web.appkeys import HUB, REDIS


@pytest.fixture
async def kept(redis_url: str, tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    """A server with two finished games of Ms Li's class kept for replay, and a running room."""
    runner, url = await start_server(redis_url, tmp_path)
    redis = runner.app[REDIS]
    codes = []
    for code, bots in [("KQ7X2M", ("planner_classic", "dove")), ("PX4WNR", ("hawk", "dove"))]:
        text = seeded_game(RULES["intro"], 3, {"washington": bots[0], "beijing": bots[1]}, code)
        header = read_record(text, code).header
        await Games(redis).keep(code, text, json.dumps(summary_of(header, {}, "", "ms_li")), 1)
        codes.append(code)
    hub = runner.app[HUB]
    room, _ = await hub.open_room(hub.scenarios["intro"], "en", {}, {}, False, owner="ms_li")
    base = url.replace("ws://", "http://").removesuffix("/ws")
    yield {"base": base, "redis": redis, "codes": codes, "running": room.code, "hub": hub}
    await runner.cleanup()


async def status(base: str, path: str, grant: str | None = None) -> int:
    headers = {"X-Brink-Present": grant} if grant else {}
    async with aiohttp.ClientSession() as browser, browser.get(base + path, headers=headers) as r:
        return r.status


async def test_a_presented_step_is_published_with_a_grant_for_that_view(
    kept: dict[str, Any], redis_url: str
) -> None:
    base, redis, (first, second) = kept["base"], kept["redis"], kept["codes"]
    listener = Redis.from_url(redis_url, decode_responses=True)
    pubsub = listener.pubsub()
    await pubsub.subscribe(class_channel("CLASS2"))
    try:
        told = await present_step(redis, "CLASS2", first, 7, "all")
        heard = None
        async with asyncio.timeout(10):
            while heard is None:
                heard = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)
        assert json.loads(heard["data"]) == told.model_dump(mode="json")
        assert (told.room, told.step, told.viewer) == (first, 7, "all") and told.grant
        again = await present_step(redis, "CLASS2", first, 8, "all")
        assert again.grant == told.grant, "one grant per class, room and view"
        ended = await end_presentation(redis, "CLASS2")
        assert ended.room is None and ended.grant is None
        assert await Presenting(redis).current("CLASS2") == ended.model_dump_json()
    finally:
        await pubsub.aclose()
        await listener.aclose()
    grant = told.grant
    for path, without, with_grant in [
        (f"/api/games/{first}?as=all", 404, 200),
        (f"/api/games/{first}/step?n=7&as=all", 404, 200),
        (f"/api/games/{first}/step?n=7&as=spectator", 404, 200),
        (f"/api/games/{first}/step?n=7&as=washington", 404, 403),
        (f"/api/games/{second}/step?n=7&as=all", 404, 404),
    ]:
        assert await status(base, path) == without, path
        assert await status(base, path, grant) == with_grant, path
    assert await status(base, f"/api/games/{first}?as=all", "not-a-grant") == 404
    # a grant of another class opens only what it was made for
    other = await present_step(redis, "CLASS3", second, 0, "beijing")
    assert await status(base, f"/api/games/{second}/step?as=beijing", other.grant) == 200
    assert await status(base, f"/api/games/{second}/step?as=all", other.grant) == 403


async def test_a_running_games_hidden_views_are_not_presentable(kept: dict[str, Any]) -> None:
    replays = Replays(kept["hub"])
    running = await replays.summary(kept["running"])
    finished = await replays.summary(kept["codes"][0])
    assert presentable(kept["running"], "all", running) == "not_over"
    assert presentable(kept["running"], "beijing", running) == "not_over"
    assert presentable(kept["running"], "spectator", running) is None
    assert presentable(kept["codes"][0], "all", finished) is None
    assert presentable("H2025", "all", None) is None
    assert presentable("ZZZZZZ", "spectator", None) == "room_not_found"
