"""Past games over HTTP: who may list and open what, and a replay that shows each viewer exactly
what it was sent live, step by step."""

from __future__ import annotations

import asyncio
import json
import random
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis
from serverkit import start_server

from client.connection import BrinkClient, ServerError
from client.rules import http_base
from server.engine.commands import Call, Check, Fold, PassTalks
from server.protocol import Update
from server.replay.record import read_record
from server.replay.verify import verify
from server.storage.games import Games


class Live:
    """A client that keeps the view it held after each position (as the server sent it)."""

    def __init__(self, url: str, name: str) -> None:
        self.client = BrinkClient(url, name)
        self.views: dict[int, dict[str, Any]] = {}
        self.client.listeners.append(self.heard)

    def heard(self, message: object) -> None:
        if isinstance(message, Update):
            self.views[message.n] = message.view


async def _play(washington: BrinkClient, beijing: BrinkClient, seed: int) -> None:
    rng = random.Random(seed)
    clients = {"washington": washington, "beijing": beijing}
    for _ in range(400):
        view = washington.view
        if view["outcome"]:
            return
        side = view["to_act"] or next(s for s in clients if s not in view.get("passed", []))
        player = clients[side]
        moves: list[Any] = [Check(), Call(), PassTalks()]
        rng.shuffle(moves)
        if rng.random() < 0.1:
            moves.insert(0, Fold())
        for move in moves:
            try:
                await player.act(move)
                break
            except ServerError:
                continue
        await washington.wait_for(lambda v, seq=view["seq"]: v["seq"] > seq, timeout=5)
    raise AssertionError("the game did not end")


@pytest.fixture
async def finished(server_url: str) -> AsyncIterator[dict[str, Any]]:
    washington, beijing, watcher = (
        Live(server_url, "Ada"),
        Live(server_url, "Bo"),
        Live(server_url, "Eve"),
    )
    for live in (washington, beijing, watcher):
        await live.client.connect()
    room = await washington.client.create_room("intro", timers=False)
    await washington.client.join(room.code, "washington")
    await beijing.client.join(room.code, "beijing")
    await watcher.client.join(room.code)
    await _play(washington.client, beijing.client, 5)
    await watcher.client.wait_for(lambda v: v["outcome"] is not None)
    game = {
        "code": room.code,
        "key": room.instructor_key,
        "base": http_base(server_url),
        "live": {"washington": washington, "beijing": beijing, "spectator": watcher},
        "tokens": {"washington": washington.client.token, "beijing": beijing.client.token},
    }
    yield game
    for live in (washington, beijing, watcher):
        await live.client.close()


async def _get(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http, http.get(base + path, headers=headers) as reply:
        if reply.content_type == "application/json":
            return reply.status, await reply.json()
        return reply.status, await reply.text()


def _key(game: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {game['key']}"}


def _token(game: dict[str, Any], side: str) -> dict[str, str]:
    return {"X-Brink-Tokens": game["tokens"][side]}


async def test_who_may_list_and_open_a_finished_game(finished: dict[str, Any]) -> None:
    base, code = finished["base"], finished["code"]
    status, listed = await _get(base, "/api/games")
    shown = [game["code"] for game in listed["games"]]
    assert status == 200 and shown == ["H2025"], "a stranger sees only the historical line"
    assert (await _get(base, f"/api/games/{code}"))[0] == 404
    status, listed = await _get(base, "/api/games", _token(finished, "beijing"))
    [mine, _] = listed["games"]
    assert mine["code"] == code and mine["views"] == ["beijing", "spectator"]
    assert "tokens" not in mine and "instructor" not in mine
    assert mine["seats"] == {"washington": "Ada", "beijing": "Bo"}
    beijing = _token(finished, "beijing")
    status, _ = await _get(base, f"/api/games/{code}/step?as=washington", beijing)
    assert status == 403, "Beijing's player may not open Washington's view"
    assert (await _get(base, f"/api/games/{code}/step?as=all", beijing))[0] == 403
    status, _ = await _get(base, f"/api/games/{code}/record", beijing)
    assert status == 403, "the all-seeing record needs the instructor key"
    status, summary = await _get(base, f"/api/games/{code}", _key(finished))
    assert status == 200
    assert summary["views"] == ["beijing", "instructor", "spectator", "washington"]
    assert any(moment["kind"] == "end" for moment in summary["moments"])
    assert set(summary["ledger"]) == {"threats", "deals", "folds"}
    status, record = await _get(base, f"/api/games/{code}/record", _key(finished))
    assert status == 200 and record.startswith('{"format":"brinkmanship-record"')
    # Made public by the instructor (a seat token may not), then open to anyone.
    url = f"{base}/api/games/{code}/public"
    async with aiohttp.ClientSession() as http:
        washington = _token(finished, "washington")
        async with http.post(url, json={"public": True}, headers=washington) as reply:
            assert reply.status == 404
        # A body that does not say true or false is refused, and changes nothing.
        for bad in ("notjson", "", "{}", "[]", '{"public":"no"}', '{"public":1}'):
            async with http.post(url, data=bad, headers=_key(finished)) as reply:
                assert reply.status == 400, bad
                assert (await reply.json())["error"] == "bad_body"
        status, _ = await _get(base, f"/api/games/{code}/record")
        assert status == 404, "still not public"
        async with http.post(url, json={"public": True}, headers=_key(finished)) as reply:
            assert reply.status == 200
    status, listed = await _get(base, "/api/games?scenario=intro&player=bo")
    assert [game["code"] for game in listed["games"]] == [code]
    status, listed = await _get(base, "/api/games?scenario=classroom")
    assert listed["games"] == []


async def test_the_historical_line_opens_with_its_notes_and_forks(server_url: str) -> None:
    base = http_base(server_url)
    status, line = await _get(base, "/api/games/H2025?as=all")
    assert status == 200 and line["outcome"] == "coexistence" and line["public"]
    assert line["views"] == ["beijing", "instructor", "spectator", "washington"]
    first = min(int(n) for n in line["notes"])
    assert "2025" in line["notes"][str(first)]["en"]  # and in Chinese: ["zh"]
    status, at = await _get(base, "/api/games/H2025/step?as=beijing&n=40")
    assert status == 200 and at["n"] == 40 and at["view"]["viewer"] == "beijing"
    status, wrong = await _get(base, "/api/games/H2025/step?as=bogus")
    assert status == 400 and wrong["field"] == "as", "an unknown view is refused, not replaced"
    status, record = await _get(base, "/api/games/H2025/record")
    assert status == 200, "open to everyone, its record too"
    assert verify(read_record(record, "H2025")).record.header.outcome == "coexistence"
    async with aiohttp.ClientSession() as http:
        url = f"{base}/api/games/H2025/fork"
        async with http.post(url, json={"step": 60, "bots": {"beijing": "hawk"}}) as reply:
            assert reply.status == 200, await reply.text()
            forked = await reply.json()
    async with BrinkClient(server_url, "Ada") as washington:
        joined = await washington.join(forked["code"], "washington")
        assert joined.scenario == "full_2025" and joined.view["outcome"] is None


async def test_each_viewer_replays_exactly_what_it_was_sent_live(
    finished: dict[str, Any],
) -> None:
    base, code = finished["base"], finished["code"]
    headers = _key(finished)
    for viewer, live in finished["live"].items():
        status, whole = await _get(base, f"/api/games/{code}/step?as={viewer}", headers)
        assert status == 200
        received = {entry.n: entry.model_dump(mode="json") for entry in live.client.entries}
        replayed = {entry["n"]: entry for entry in whole["entries"]}
        assert replayed == received, f"{viewer}: the replay's entries differ from the live ones"
        if viewer != "spectator":
            _, summary = await _get(base, f"/api/games/{code}?as={viewer}", headers)
            for threat in summary["ledger"]["threats"]:
                if threat["side"] != viewer and threat["backed"] is None:
                    assert threat["card"] is None, f"{viewer}'s ledger names a hidden card"
        for n, seen in sorted(live.views.items())[:: max(1, len(live.views) // 12)]:
            status, at = await _get(base, f"/api/games/{code}/step?as={viewer}&n={n}", headers)
            assert at["view"] == seen, f"{viewer} at {n}: the replay's view differs"


async def test_a_game_forked_from_a_step_plays_on_and_remembers_its_origin(
    finished: dict[str, Any], server_url: str
) -> None:
    base, code = finished["base"], finished["code"]
    status, summary = await _get(base, f"/api/games/{code}", _key(finished))
    hands = [moment["n"] for moment in summary["moments"] if moment["kind"] == "hand"]
    asked = hands[-1] + 3  # into the last hand, maybe mid-command: moved back to a rest
    async with aiohttp.ClientSession() as http:
        url = f"{base}/api/games/{code}/fork"
        body = {"step": asked, "bots": {"beijing": "dove"}}
        async with http.post(url, json=body, headers=_key(finished)) as reply:
            assert reply.status == 200, await reply.text()
            forked = await reply.json()
        async with http.post(url, json={"step": 10_000}, headers=_key(finished)) as reply:
            assert reply.status == 409, "the game is over at its last step"
    step = forked["step"]
    assert step <= asked
    async with BrinkClient(server_url, "Ada") as washington:
        await washington.join(forked["code"], "washington")
        await _play(washington, washington, 9)  # against the dove bot
    status, original = await _get(base, f"/api/games/{code}", _key(finished))
    assert forked["code"] in original["forks"]
    fork_key = {"Authorization": f"Bearer {forked['instructor_key']}"}
    status, record = await _get(base, f"/api/games/{forked['code']}/record", fork_key)
    assert status == 200
    header = json.loads(record.splitlines()[0])
    assert header["forked_from"] == {"code": code, "step": step}
    _, source = await _get(base, f"/api/games/{code}/record", _key(finished))
    assert record.splitlines()[1 : step + 1] == source.splitlines()[1 : step + 1]
    # The fork's record verifies on its own, through the original's moves and then its own.
    replayed, original_game = verify(read_record(record)), verify(read_record(source))
    assert replayed.states[step] == original_game.states[step]
    assert replayed.final.finished and len(replayed.states) > step + 1


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


async def test_export_then_import_on_another_server_replays_the_same(
    finished: dict[str, Any], redis_url: str, tmp_path: Path
) -> None:
    code, url = finished["code"], finished["base"].replace("http://", "ws://") + "/ws"
    other_redis = redis_url.rsplit("/", 1)[0] + "/1"
    runner, other = await start_server(other_redis, tmp_path / "other")
    try:
        saved = tmp_path / "game.jsonl"
        exported = await asyncio.to_thread(
            _brink,
            "games",
            "export",
            code,
            "--url",
            url,
            "--key",
            finished["key"],
            "--out",
            str(saved),
        )
        assert exported.returncode == 0, exported.stderr
        printing = [sys.executable, "-m", "server.cli", "games", "export", code, "--url", url]
        printing += ["--key", finished["key"], "--out", "-"]
        printed = await asyncio.to_thread(subprocess.run, printing, capture_output=True, timeout=60)
        assert printed.stdout == saved.read_bytes()  # `-`: printed, no file written
        imported = await asyncio.to_thread(_brink, "games", "import", str(saved), "--url", other)
        assert imported.returncode == 0, imported.stderr
        found = re.match(r"imported as (\w+); instructor key (\S+)", imported.stdout)
        assert found, imported.stdout
        new_code, key = found.groups()
        listed = await asyncio.to_thread(_brink, "games", "list", "--url", other, "--key", key)
        assert new_code in listed.stdout
        there = http_base(other)
        headers = {"Authorization": f"Bearer {key}"}
        for viewer in ("washington", "beijing", "spectator", "all"):
            _, here_step = await _get(
                finished["base"], f"/api/games/{code}/step?as={viewer}", _key(finished)
            )
            _, there_step = await _get(there, f"/api/games/{new_code}/step?as={viewer}", headers)
            assert here_step == there_step, viewer
        # A tampered record is refused with the line named; nothing is kept.
        lines = saved.read_text().splitlines()
        del lines[7]
        saved.write_text("\n".join(lines) + "\n")
        refused = await asyncio.to_thread(_brink, "games", "import", str(saved), "--url", other)
        said = f"brink games: {saved}:8: entry 8 where entry 7 should be"  # the file, its line
        assert refused.returncode == 1 and refused.stderr.startswith(said), refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        denied = await asyncio.to_thread(_brink, "games", "export", code, "--url", url)
        assert denied.returncode == 1 and "no such game" in denied.stderr
        # This machine's file, not the server, is named when it is the trouble.
        missing = tmp_path / "nowhere" / "game.jsonl"
        for args in (["import", str(missing)], ["export", code, "--key", finished["key"]]):
            tail = ["--out", str(missing)] if args[0] == "export" else []
            done = await asyncio.to_thread(_brink, "games", *args, "--url", url, *tail)
            assert done.returncode == 1
            said = done.stderr.strip()
            assert len(said.splitlines()) == 1 and str(missing) in said, said
            assert "cannot reach" not in said, said
    finally:
        await runner.cleanup()


async def test_the_evaluation_graph_of_a_finished_game(
    finished: dict[str, Any], server_url: str
) -> None:
    base, code = finished["base"], finished["code"]
    status, graph = await _get(base, f"/api/games/{code}/evaluation", _key(finished))
    assert status == 200
    points = graph["points"]
    assert points and [p["n"] for p in points] == sorted({p["n"] for p in points})
    assert all(0 <= p["washington"] <= 1 and p["washington"] + p["beijing"] == 1 for p in points)
    scores = finished["live"]["washington"].client.view["scores"]
    expected = (
        0.5
        if scores["washington"] == scores["beijing"]
        else float(scores["washington"] > scores["beijing"])
    )
    assert points[-1]["washington"] == expected, "at the end the chance is the result"
    again = await _get(base, f"/api/games/{code}/evaluation", _key(finished))
    assert again == (200, graph), "worked out once, then the same"
    # From the true position: a side's graph would tell it what stayed hidden from it to the end
    # (a face-down card never called, the other hand), so a seat's token does not open it.
    for side in ("washington", "beijing"):
        refused = await _get(base, f"/api/games/{code}/evaluation", _token(finished, side))
        assert refused == (403, {"error": "all_seeing_only"}), (side, refused)
    async with BrinkClient(server_url, "Ada") as washington:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        running = {"Authorization": f"Bearer {room.instructor_key}"}
        status, _ = await _get(base, f"/api/games/{room.code}/evaluation", running)
        assert status == 409, "a running game's chances would reveal the hidden hands"


async def test_forks_count_against_the_limit_on_new_rooms(redis_url: str, tmp_path: Path) -> None:
    runner, url = await start_server(redis_url, tmp_path, rooms_per_address=2)
    try:
        statuses = []
        async with aiohttp.ClientSession() as http:
            for _ in range(3):
                fork_url = f"{http_base(url)}/api/games/H2025/fork"
                async with http.post(fork_url, json={"step": 60}) as reply:
                    statuses.append(reply.status)
                    body = await reply.json()
        assert statuses == [200, 200, 429]
        assert body["error"] == "too_many_rooms"
    finally:
        await runner.cleanup()


async def test_an_old_game_imported_stays_until_its_days_here_are_over(
    finished: dict[str, Any], redis_url: str, tmp_path: Path
) -> None:
    """A game that ended a month ago elsewhere is kept 7 days from its import, not dropped when
    the next game here ends; and it is on disk like the games played here."""
    _, text = await _get(finished["base"], f"/api/games/{finished['code']}/record", _key(finished))
    month = 30 * 24 * 3600 * 1000
    old = re.sub(
        r'"(at|started|ended)":(\d+)', lambda m: f'"{m[1]}":{int(m[2]) - month}', str(text)
    )
    saved = tmp_path / "old.jsonl"
    saved.write_text(old)
    other_redis = redis_url.rsplit("/", 1)[0] + "/2"
    runner, other = await start_server(other_redis, tmp_path / "other")
    try:
        imported = await asyncio.to_thread(_brink, "games", "import", str(saved), "--url", other)
        assert imported.returncode == 0, imported.stderr
        found = re.match(r"imported as (\w+); instructor key (\S+)", imported.stdout)
        assert found, imported.stdout
        new_code, key = found.groups()
        async with Redis.from_url(other_redis, decode_responses=True) as redis:
            # The next game kept here drops the index's games older than 7 days.
            await Games(redis).keep(
                "NEXT23", old, json.dumps({"code": "NEXT23"}), int(time.time() * 1000)
            )
        status, summary = await _get(http_base(other), f"/api/games/{new_code}", _key({"key": key}))
        assert status == 200, "still kept"
        assert summary["ended"] < time.time() * 1000 - month / 2, "its own end, a month ago"
        assert (tmp_path / "other" / "games" / f"{new_code}.jsonl").is_file()
    finally:
        await runner.cleanup()


async def test_a_player_plays_on_from_their_own_side_without_the_new_rooms_key(
    finished: dict[str, Any],
) -> None:
    """A fork holds the true position: a player may play on from their own side against a bot,
    but not take the other side's seat, nor the new room's key (its all-seeing views and record
    would show the hand that player never saw)."""
    base, code = finished["base"], finished["code"]
    _, summary = await _get(base, f"/api/games/{code}", _key(finished))
    step = [moment["n"] for moment in summary["moments"] if moment["kind"] == "hand"][-1]
    url = f"{base}/api/games/{code}/fork"
    beijing = _token(finished, "beijing")
    async with aiohttp.ClientSession() as http:
        for bots in ({}, {"beijing": "dove"}):
            async with http.post(url, json={"step": step, "bots": bots}, headers=beijing) as reply:
                said = await reply.json()
                assert (reply.status, said["error"]) == (403, "own_side_only"), (bots, said)
        body = {"step": step, "bots": {"washington": "dove"}}
        async with http.post(url, json=body, headers=beijing) as reply:
            assert reply.status == 200, await reply.text()
            forked = await reply.json()
        assert forked["instructor_key"] is None
        async with http.post(url, json={"step": step}, headers=_key(finished)) as reply:
            assert reply.status == 200, "the all-seeing may seat anyone, and get the key"
            assert (await reply.json())["instructor_key"]
