"""The README's `brink games export … | brink replay -`, run as written against a server that
kept a finished game: it printed "no such game, or not one you may open" and the replay read
nothing, for the README left out the room's key (`--key KEY`) that opens a game's record."""

from __future__ import annotations

import asyncio
import re
import shlex
import subprocess
import sys
from pathlib import Path

from recordkit import RULES, bot_game
from serverkit import start_server

ROOT = Path(__file__).resolve().parent.parent
BRINK = f"{shlex.quote(sys.executable)} -m server.cli"


def readme_pipe() -> str:
    """The README's command that pipes an exported record into `brink replay -`."""
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    found = re.search(r"`(brink games export [^`]*\| brink replay -)`", text)
    assert found, "the README no longer shows `brink games export … | brink replay -`"
    return found[1]


async def test_the_readme_export_pipe_replays_a_kept_game(redis_url: str, tmp_path: Path) -> None:
    record = tmp_path / "game.jsonl"
    record.write_text(bot_game(RULES["intro"], 5)[0])
    runner, url = await start_server(redis_url, tmp_path)
    try:
        imported = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "server.cli", "games", "import", str(record), "--url", url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        found = re.match(r"imported as (\w+); instructor key (\S+)", imported.stdout)
        assert found, imported.stderr
        code, key = found[1], found[2]
        command = readme_pipe().replace("CODE", code).replace("KEY", key)
        # The README's server is the default one (127.0.0.1:8080); this test's is elsewhere.
        command = command.replace(" export ", f" export --url {url} ", 1)
        command = command.replace("brink ", f"{BRINK} ")
        done = await asyncio.to_thread(
            subprocess.run,
            ["bash", "-o", "pipefail", "-c", command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        await runner.cleanup()
    assert done.returncode == 0, (command, done.stderr)
    assert done.stdout.splitlines()[-1].startswith("— step "), done.stdout[-500:]
