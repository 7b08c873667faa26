"""`brink play --bot dove --no-timers` plays the bot in a room without turn timers (the prompt
said "90 s left": `--no-timers` was for `--create` only, and silently ignored). With `--room`
or `--quick`, which set up no new room, it is refused in one line."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from clientkit import ENV, ROOT, Screen, brink


async def test_a_bot_game_without_timers_has_no_clock(server_url: str) -> None:
    args = ["--bot", "dove", "--no-timers", "--seat", "washington"]
    process = await brink("play", "--url", server_url, *args, stdin=subprocess.PIPE)
    screen = Screen(process)
    at = await screen.wait("▶ your move")  # Washington opens
    prompt = screen.lines[at]
    assert re.search(r"\(turn 1\) — a number", prompt), prompt
    assert "s left" not in screen.text()
    assert await screen.quit() == 0
    assert "Beijing (bot Dove (peaceful))" in screen.text()


@pytest.mark.parametrize(
    "args", [["--quick"], ["--room", "ABCD23"], ["--room", "ABCD23", "--token", "a" * 20]]
)
def test_no_timers_without_a_new_room_is_refused_in_one_line(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "play", *args, "--no-timers"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
    )
    err = done.stderr.decode()
    assert done.returncode == 2
    assert err.strip().splitlines() == [
        "brink play: error: --no-timers sets up a new room: give --create SCENARIO or --bot "
        "STRATEGY (see brink play --help)"
    ], err
