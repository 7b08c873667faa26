"""The command line piped into a reader that stops early (`brink replay CODE | head`, `brink
simulate --narrate | head`, `brink games export CODE --out - | head`): the reader has what it
wanted, so the command ends quietly with exit code 0. `brink replay` and `brink simulate` ended
in a BrokenPipeError traceback, and `brink games export --out -` said it could not reach the
server (Broken pipe), exit code 1, though it had."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

from clientkit import ended_quietly, into_closed_pipe
from recordkit import RULES, bot_game
from serverkit import start_server

ROOT = Path(__file__).resolve().parents[2]


def test_replay_and_simulate_into_a_reader_that_stopped(tmp_path: Path) -> None:
    record = tmp_path / "game.jsonl"
    record.write_text(bot_game(RULES["intro"], 5)[0])
    ended_quietly(into_closed_pipe("replay", str(record)))
    rules = str(ROOT / "rules" / "intro.yaml")
    ended_quietly(into_closed_pipe("simulate", "--rules", rules, "--games", "1", "--narrate", "en"))


async def test_games_export_into_a_reader_that_stopped(redis_url: str, tmp_path: Path) -> None:
    record = tmp_path / "game.jsonl"
    record.write_text(bot_game(RULES["intro"], 5)[0])
    runner, url = await start_server(redis_url, tmp_path)
    try:
        command = [sys.executable, "-m", "server.cli", "games", "import", str(record)]
        imported = await asyncio.to_thread(
            subprocess.run, [*command, "--url", url], capture_output=True, text=True, timeout=60
        )
        found = re.match(r"imported as (\w+); instructor key (\S+)", imported.stdout)
        assert found, imported.stderr
        code, key = found[1], found[2]
        export = ("games", "export", code, "--url", url, "--key", key, "--out", "-")
        ended_quietly(await asyncio.to_thread(into_closed_pipe, *export))
    finally:
        await runner.cleanup()
