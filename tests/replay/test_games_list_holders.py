"""The Past games list and its player search read each game's final `seats`, which name a seat's
last holder only: a student the teacher moved out of a seat was in no game (Ann played Washington
and was moved out for Cy; `GET /api/games?player=Ann` returned nothing, and the list named Cy
alone). Each listed game carries `holders` (everyone who held each seat, in order, as the replay
header shows them), read from its record once and kept in its summary, and the search reads
them. Against a real server on a real Redis, over real websockets."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

from redis.asyncio import Redis
from replaykit import listed_games, one_moved_out

from client.rules import http_base
from server.storage.games import Games


async def test_a_student_moved_out_is_listed_and_found(server_url: str, redis_url: str) -> None:
    code, key = await one_moved_out(server_url, redis_url)
    base = http_base(server_url)
    games = await listed_games(base, key)
    assert [g["code"] for g in games] == [code]
    assert games[0]["seats"] == {"washington": "Cy", "beijing": "Bo"}  # the last holders
    assert games[0]["holders"] == {
        "washington": [{"name": "Ada"}, {"name": "Cy"}],
        "beijing": [{"name": "Bo"}],
    }
    for name in ("ada", "Cy", "bo"):
        assert [g["code"] for g in await listed_games(base, key, f"player={name}")] == [code]
    assert await listed_games(base, key, "player=Eve") == []
    # read from the record once: kept in the summary since
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        kept = json.loads(await Games(redis).summary(code) or "{}")
    finally:
        await redis.aclose()
    assert kept["holders"]["washington"] == [{"name": "Ada"}, {"name": "Cy"}]
    # `brink games list` names them as the replay's header does
    command = [sys.executable, "-m", "server.cli", "games", "list", "--url", server_url]
    done = await asyncio.to_thread(
        subprocess.run, [*command, "--key", key], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith(code))
    assert "washington Ada → Cy, beijing Bo" in row, row
