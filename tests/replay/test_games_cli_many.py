"""`brink games list` of many rooms' games in few requests: the keys go up to 50 a request
(`X-Brink-Keys`), every game in pages of 500 (`per_page`), so 55 keys are two listings, not 55
(each counts against the server's limit on listings from one address: it failed at the limit,
120 keys). A listing over the limit is one line saying when to try again, exit 1."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import aiohttp
from recordkit import RULES, bot_game
from serverkit import start_server

from client.rules import http_base

FOREVER = 10_000_000.0
"""A window no test outlives (windows are aligned to the epoch: no boundary mid-test)."""


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", "games", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


async def test_a_teacher_lists_55_rooms_games_within_the_limit(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(
        redis_url,
        tmp_path,
        game_lists_per_address=4,
        game_lists_window=FOREVER,
        rooms_per_address=1000,
    )
    try:
        record = bot_game(RULES["intro"], 5)[0]
        keys: dict[str, str] = {}
        async with aiohttp.ClientSession() as http:
            for _ in range(55):  # each import of the record is a room of its own, with its key
                async with http.post(f"{http_base(url)}/api/games/import", data=record) as reply:
                    made = await reply.json()
                    assert reply.status == 200, made
                keys[made["code"]] = made["instructor_key"]
        given = [arg for key in keys.values() for arg in ("--key", key)]
        every = await asyncio.to_thread(_brink, "list", "--url", url, *given, "--all")
        assert every.returncode == 0 and every.stderr == "", every.stderr
        lines = every.stdout.splitlines()
        assert lines[-1] == "56 of 56 games", lines[-1]
        listed = {line.split()[0]: line for line in lines[:-1]}
        assert set(listed) == {*keys, "H2025"}
        assert all(
            listed[code].endswith("[beijing instructor spectator washington]  imported")
            for code in keys
        ), "each all-seeing: its key opened it"
        first = await asyncio.to_thread(_brink, "list", "--url", url, *given)
        assert first.returncode == 0, first.stderr
        assert first.stdout.splitlines()[-1].startswith("20 of 56 games (page 1 of 3")
        # Four listings so far (two requests each): the fifth is over the limit.
        refused = await asyncio.to_thread(_brink, "list", "--url", url, *given)
        assert refused.returncode == 1 and refused.stdout == "", refused.stdout
        said = refused.stderr.splitlines()
        assert len(said) == 1 and "Traceback" not in refused.stderr, refused.stderr
        assert said[0].startswith("brink games: too many lists of past games"), said
        assert said[0].endswith(" s, then try again (the server's limit: too_many_listings)")
    finally:
        await runner.cleanup()
