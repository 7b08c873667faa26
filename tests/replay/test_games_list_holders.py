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
from typing import Any

from controlkit import control, notices, seated_room, until
from redis.asyncio import Redis
from replaykit import keyed_json, quiet_moves

from client.rules import http_base
from server.storage.games import Games


async def _listed(base: str, key: str, query: str = "") -> list[dict[str, Any]]:
    """The games listed to the room's instructor key (the historical line left out)."""
    listed = await keyed_json("GET", f"{base}/api/games?{query}", key)
    return [g for g in listed["games"] if g["code"] != "H2025"]


async def test_a_student_moved_out_is_listed_and_found(server_url: str, redis_url: str) -> None:
    async with seated_room(server_url, redis_url, timers=False) as (teacher, ada, bo, room):
        await quiet_moves((ada, bo), 2)
        await control(teacher, "reassign", room.code, seat="washington", name="Cy")
        await until(bo, lambda: notices(bo, "reassigned"))
        await control(teacher, "end", room.code)
        await until(bo, lambda: bo.view["outcome"] is not None)
    key, base = str(room.instructor_key), http_base(server_url)
    games: list[dict[str, Any]] = []
    for _ in range(200):  # kept as the game ends
        games = await _listed(base, key)
        if games:
            break
        await asyncio.sleep(0.05)
    assert [g["code"] for g in games] == [room.code]
    assert games[0]["seats"] == {"washington": "Cy", "beijing": "Bo"}  # the last holders
    assert games[0]["holders"] == {
        "washington": [{"name": "Ada"}, {"name": "Cy"}],
        "beijing": [{"name": "Bo"}],
    }
    for name in ("ada", "Cy", "bo"):
        assert [g["code"] for g in await _listed(base, key, f"player={name}")] == [room.code]
    assert await _listed(base, key, "player=Eve") == []
    # read from the record once: kept in the summary since
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        kept = json.loads(await Games(redis).summary(room.code) or "{}")
    finally:
        await redis.aclose()
    assert kept["holders"]["washington"] == [{"name": "Ada"}, {"name": "Cy"}]
    # `brink games list` names them as the replay's header does
    command = [sys.executable, "-m", "server.cli", "games", "list", "--url", server_url]
    done = await asyncio.to_thread(
        subprocess.run, [*command, "--key", key], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith(room.code))
    assert "washington Ada → Cy, beijing Bo" in row, row
