"""`brink replay CODE --url … --token …|--key … | head -5`: a game on a server told into a reader
that stopped early. It said "brink replay: cannot reach http://127.0.0.1:8765 (Broken pipe)" and
exited 1, though the server had answered: a closed standard output is not a network error. Now it
ends quietly with exit code 0, as `brink replay FILE | head` does."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

from clientkit import ended_quietly, into_closed_pipe
from recordkit import RULES, bot_game
from serverkit import start_server

from client.connection import BrinkClient

ROOT = Path(__file__).resolve().parents[2]


async def test_a_servers_game_told_into_a_reader_that_stopped(
    redis_url: str, tmp_path: Path
) -> None:
    record = tmp_path / "game.jsonl"
    record.write_text(bot_game(RULES["intro"], 5)[0])
    runner, url = await start_server(redis_url, tmp_path)
    try:
        # the record itself, opened with the room's instructor key
        command = [sys.executable, "-m", "server.cli", "games", "import", str(record)]
        imported = await asyncio.to_thread(
            subprocess.run, [*command, "--url", url], capture_output=True, text=True, timeout=60
        )
        found = re.match(r"imported as (\w+); instructor key (\S+)", imported.stdout)
        assert found, imported.stderr
        keyed = ("replay", found[1], "--url", url, "--key", found[2])
        ended_quietly(await asyncio.to_thread(into_closed_pipe, *keyed))

        # a game as a seat saw it, opened with the seat's token
        async with BrinkClient(url, "Ada") as ada:
            await ada.play_bot(bot="dove", side="washington")
            assert ada.code is not None and ada.token is not None
            told = ("replay", ada.code, "--url", url, "--token", ada.token)
            shown = await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "server.cli", *told],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert shown.returncode == 0 and shown.stdout.count("\n") > 2, shown.stderr
            ended_quietly(await asyncio.to_thread(into_closed_pipe, *told))
    finally:
        await runner.cleanup()
