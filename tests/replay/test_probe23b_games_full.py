"""`brink games list` and `export --out -` whose output is full (`> /dev/full`, a full disk):
one line saying so, exit 1. It said "cannot reach http://… (No space left on device)", blaming
the server it had reached."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from clientkit import ENV, ROOT

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")


@pytest.mark.parametrize("command", [["list"], ["export", "H2025", "--out", "-"]])
async def test_games_to_a_full_output_says_so_in_one_line(
    server_url: str, command: list[str]
) -> None:
    with open("/dev/full", "w") as full:
        process = await asyncio.create_subprocess_exec(
            *[sys.executable, "-m", "server.cli", "games", *command, "--url", server_url],
            cwd=ROOT,
            env=ENV,
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
        )
        _, said = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1
    assert said.decode() == "brink games: cannot write its output: No space left on device\n"
