"""`brink games import data/games/CODE.jsonl` on the server the game was played on (or a record
imported there before) made a second room of the same game, exit code 0, and said why only in
a line on stderr about its code being taken. A game the server has already is not kept twice:
`409 already_here` with its code (the API, asked `?once=1`, as the command asks), one line and
exit code 1; `--again` keeps a copy."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import aiohttp
from recordkit import RULES, bot_game
from redis.asyncio import Redis
from rematchkit import play_to_the_end
from serverkit import start_server

from client.connection import BrinkClient
from client.rules import http_base
from server.storage.games import Games


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", "games", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


async def _kept(redis_url: str) -> list[str]:
    """The codes of the games the server keeps (its index, newest first)."""
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        return [json.loads(summary)["code"] for summary in await Games(redis).newest()]
    finally:
        await redis.aclose()


async def test_the_file_of_a_game_played_here_is_not_imported_again(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    base = http_base(url)
    player = BrinkClient(url, "Ada")
    try:
        await player.connect()
        joined = await player.play_bot(side="washington", bot="tit_for_tat", scenario="intro")
        await play_to_the_end(player)
        code = joined.code
        archived = tmp_path / "games" / f"{code}.jsonl"
        for _ in range(200):  # the archive is written once the game is kept
            if archived.is_file() and await _kept(redis_url) == [code]:
                break
            await asyncio.sleep(0.05)
        assert archived.is_file()
        done = await asyncio.to_thread(_brink, "import", str(archived), "--url", url)
        assert done.returncode == 1 and done.stdout == "", done
        assert done.stderr.strip().splitlines() == [
            f"brink games: {archived}: not imported: {base} has this game already, as {code}"
            " (--again imports a copy)"
        ]
        assert await _kept(redis_url) == [code], "no second room"
    finally:
        await player.close()
        await runner.cleanup()


async def test_a_record_imported_twice_is_kept_once_unless_asked_again(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    base = http_base(url)
    record = tmp_path / "game.jsonl"
    record.write_text(bot_game(RULES["intro"], 3)[0])  # kept under its own code, TEST3
    try:
        first = await asyncio.to_thread(_brink, "import", str(record), "--url", url)
        found = re.match(r"imported as (\w+);", first.stdout)
        assert first.returncode == 0 and found, first
        code = found.group(1)
        again = await asyncio.to_thread(_brink, "import", str(record), "--url", url)
        assert again.returncode == 1 and again.stdout == "", again
        assert again.stderr.count("\n") == 1 and f"has this game already, as {code}" in again.stderr
        async with aiohttp.ClientSession() as http:
            once = f"{base}/api/games/import?once=1"
            async with http.post(once, data=record.read_bytes()) as reply:
                assert reply.status == 409
                assert (await reply.json())["error"] == "already_here"
                assert (await reply.json())["code"] == code
        copy = await asyncio.to_thread(_brink, "import", str(record), "--url", url, "--again")
        copied = re.match(r"imported as (\w+);", copy.stdout)
        assert copy.returncode == 0 and copied and copied.group(1) != code, copy
        assert sorted(await _kept(redis_url)) == sorted([code, copied.group(1)])
        other = tmp_path / "other.jsonl"  # another game: imported as ever
        other.write_text(bot_game(RULES["intro"], 4)[0])
        assert (await asyncio.to_thread(_brink, "import", str(other), "--url", url)).returncode == 0
    finally:
        await runner.cleanup()
