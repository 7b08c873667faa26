"""What an operator sees: health, metrics, archived games, the HTTP API."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis
from serverkit import start_server

from client.connection import BrinkClient
from server.engine import EVENTS, initial_state, replay
from server.engine.commands import Check, PassTalks
from server.replay.record import RecordError, read_record
from server.replay.verify import verify
from server.ruleset.loader import load_ruleset
from server.storage import keys
from server.storage.games import Games
from server.web.appkeys import HUB


def http(url: str) -> str:
    return url.replace("ws://", "http://").removesuffix("/ws")


async def test_healthz_says_ok_while_redis_answers(server_url: str) -> None:
    async with aiohttp.ClientSession() as session, session.get(http(server_url) + "/healthz") as r:
        assert r.status == 200
        assert (await r.json())["redis"] == "ok"


async def test_metrics_count_commands_connections_and_refusals(server_url: str) -> None:
    async with BrinkClient(server_url) as client:
        room = await client.create_room("intro", timers=False)
        await client.join(room.code, "washington")
        await client.send_raw("{not json")
        # the refusal is counted once the server has read the line: asked until it has (a fixed
        # 0.1 s wait was too short on a loaded machine)
        async with asyncio.timeout(10), aiohttp.ClientSession() as session:
            while True:
                async with session.get(http(server_url) + "/metrics") as response:
                    text = await response.text()
                if 'brink_refused_total{code="bad_json"}' in text:
                    break
                await asyncio.sleep(0.05)
    assert "brink_connections 1.0" in text
    assert 'brink_refused_total{code="bad_json"} 1.0' in text
    assert "brink_commands_total 1.0" in text  # the start of the game
    assert "brink_command_seconds_bucket" in text


async def test_the_api_lists_scenarios_and_describes_a_room(server_url: str) -> None:
    async with BrinkClient(server_url) as client:
        room = await client.create_room("classroom", timers=False)
        await client.join(room.code, "beijing")
        async with aiohttp.ClientSession() as session:
            async with session.get(http(server_url) + "/api/scenarios") as response:
                listed = {item["id"]: item for item in await response.json()}
            async with session.get(http(server_url) + f"/api/rooms/{room.code}") as response:
                info = await response.json()
            async with session.get(http(server_url) + "/api/rooms/ZZZZZZ") as missing:
                assert missing.status == 404
    assert {"intro", "classroom", "full_2025"} <= set(listed)
    minutes = listed["classroom"]["minutes"]  # the class period (server/game/duration.py)
    assert 0 < minutes["engaged"] < minutes["at_most"] <= 40
    assert info["scenario"] == "classroom"
    assert info["seats"] == {"beijing": "player"}


async def play_intro(server_url: str) -> tuple[str, dict[str, Any]]:
    """Play an intro game to its end (checks and passes); return its code and the last view."""
    async with BrinkClient(server_url) as washington, BrinkClient(server_url) as beijing:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        clients = {"washington": washington, "beijing": beijing}
        while not washington.view["outcome"]:
            view = washington.view
            if view["to_act"]:
                await clients[view["to_act"]].act(Check())
            else:
                side = next(s for s in clients if s not in view["passed"])
                await clients[side].act(PassTalks())
            await washington.wait_for(lambda v, seq=view["seq"]: v["seq"] > seq)
        return room.code, washington.view


async def archived(folder: Path, code: str) -> Path:
    path = folder / "games" / f"{code}.jsonl"
    for _ in range(50):
        if path.exists():
            break
        await asyncio.sleep(0.05)
    return path


async def test_a_finished_game_is_archived_as_jsonl_that_replays(
    server_url: str, tmp_path: Path
) -> None:
    code, view = await play_intro(server_url)
    path = await archived(tmp_path, code)
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    assert header["scenario"] == "intro"
    events = [
        EVENTS.validate_python(e["event"]) for e in map(json.loads, lines[1:]) if e.get("event")
    ]
    rules = load_ruleset("rules/intro.yaml")
    final = replay(initial_state(rules), events)
    assert final.outcome == view["outcome"]
    assert final.scores == view["scores"]
    # It is a game record (docs/replay.md): it reads back, verifies and names the players.
    record = read_record(path.read_text(), str(path))
    assert verify(record).final.scores == view["scores"]
    assert record.header.outcome == view["outcome"]
    assert record.header.seats == {"washington": "player", "beijing": "player"}


async def test_a_game_whose_file_cannot_be_written_is_still_kept_and_listed(
    redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "games").write_text("a file where the folder of records should be")
    runner, url = await start_server(redis_url, tmp_path)
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        with caplog.at_level(logging.ERROR, logger="brink.records"):
            code, _ = await play_intro(url)
            for _ in range(50):  # kept just after the last update
                if await redis.zscore(keys.GAMES, code) is not None:
                    break
                await asyncio.sleep(0.05)
        # In Redis all the same: listed, and its record whole.
        assert await redis.zscore(keys.GAMES, code) is not None
        record = await Games(redis).record(code)
        assert record is not None and verify(read_record(record, code)).final.finished
        assert f"could not write the record of {code}" in caplog.text
    finally:
        await redis.aclose()
        await runner.cleanup()


async def test_a_file_that_could_not_be_written_is_written_after_the_next_one_that_can(
    redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "games"
    blocked.write_text("a file where the folder of records should be")
    runner, url = await start_server(redis_url, tmp_path)
    try:
        with caplog.at_level(logging.INFO, logger="brink.records"):
            first, _ = await play_intro(url)
            for _ in range(50):
                if f"could not write the record of {first}" in caplog.text:
                    break
                await asyncio.sleep(0.05)
            blocked.unlink()  # the folder can be made again
            second, _ = await play_intro(url)
            files = [await archived(tmp_path, code) for code in (second, first)]
        for path in files:
            record = read_record(path.read_text(), str(path))
            assert verify(record).final.finished, path
        assert f"wrote the record of {first}, which could not be written before" in caplog.text
    finally:
        await runner.cleanup()


async def test_redis_keeps_a_record_without_its_rules_and_gives_it_back_whole(
    server_url: str, redis_url: str, tmp_path: Path
) -> None:
    code, view = await play_intro(server_url)
    path = await archived(tmp_path, code)
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        kept = str(await redis.get(keys.room(code, "record")))
        whole = await Games(redis).record(code)
        rules_hash = json.loads(kept.partition("\n")[0])["rules_hash"]
        ttl = await redis.ttl(keys.rules(rules_hash))
        # The rules, kept once for every game under their hash, outlive the record.
        assert ttl > await redis.ttl(keys.room(code, "record"))
        await redis.delete(keys.rules(rules_hash))
        gone = await Games(redis).record(code)
    finally:
        await redis.aclose()
    assert '"rules":{}' in kept.partition("\n")[0]
    assert len(kept) * 2 < len(whole or "")
    # Given back with its rules: the same text as the file on disk, and it verifies.
    assert whole == path.read_text()
    assert verify(read_record(whole, code)).final.scores == view["scores"]
    # Without its rules it is refused by name, not read wrong.
    with pytest.raises(RecordError, match="the rules are missing"):
        read_record(gone or "", code)


async def test_rules_deleted_from_redis_are_written_back_by_the_next_renewal_of_a_game_kept(
    redis_url: str, tmp_path: Path
) -> None:
    """A game kept renews its rules at most hourly: a ruleset deleted (or evicted) meanwhile is
    missing for the games kept within that hour, and back — their records read — with the first
    game kept after it."""
    redis = Redis.from_url(redis_url, decode_responses=True)
    runner, server_url = await start_server(redis_url, tmp_path)

    async def kept(code: str) -> str:
        for _ in range(100):  # kept just after the game's last update went out
            if found := await redis.get(keys.room(code, "record")):
                return str(found)
            await asyncio.sleep(0.02)
        raise AssertionError(f"{code} was not kept")

    try:
        first, _ = await play_intro(server_url)
        rules_hash = json.loads((await kept(first)).partition("\n")[0])["rules_hash"]
        key = keys.rules(rules_hash)
        await redis.delete(key)  # by hand, or evicted
        second, _ = await play_intro(server_url)  # within the hour, on the same server
        await kept(second)
        assert not await redis.exists(key), "renewed within the hour"
        runner.app[HUB].store.games.rules_stored[rules_hash] -= keys.RULES_AGAIN  # an hour on
        third, _ = await play_intro(server_url)
        await kept(third)
        assert await redis.ttl(key) > keys.RULES_TTL - 5
        for code in (first, second, third):
            verify(read_record(await Games(redis).record(code) or "", code))
    finally:
        await runner.cleanup()
        await redis.aclose()


async def test_shutting_down_closes_sockets_that_are_in_no_room(
    redis_url: str, tmp_path: Path
) -> None:
    """A browser on the landing page (hello said, no room) is told 'going away' at once: it
    used to hold the shutdown up until the timeout."""
    runner, url = await start_server(redis_url, tmp_path)
    lobby = BrinkClient(url)
    await lobby.connect()
    started = time.monotonic()
    await runner.cleanup()
    assert time.monotonic() - started < 3
    assert lobby._socket is not None
    await asyncio.wait_for(lobby._socket.wait_closed(), 3)
    assert lobby._socket.close_code == 1001
    await lobby.close()
