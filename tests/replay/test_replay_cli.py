"""`brink replay`: a record stepped through as a viewer saw it, or verified in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from recordkit import RULES, bot_game


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", "replay", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_verify_tell_and_refuse(tmp_path: Path) -> None:
    text, outcome = bot_game(RULES["classroom"], 4)
    games = tmp_path / "games"
    games.mkdir()
    path = games / "TEST4.jsonl"
    path.write_text(text)
    done = _brink(str(path), "--verify")
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.startswith(f"OK {path}: TEST4, classroom, ")
        and f"outcome {outcome}" in done.stdout
    )
    by_code = _brink("test4", "--data-dir", str(tmp_path), "--verify")
    assert by_code.returncode == 0 and "TEST4" in by_code.stdout
    told = _brink(str(path), "--as", "beijing", "--step", "30")
    lines = told.stdout.splitlines()
    assert told.returncode == 0 and lines[-1].startswith("— step 30 of ")
    assert "as beijing" in lines[-1]
    lines_all = _brink(str(path), "--as", "all", "--step", "30").stdout.splitlines()
    assert len(lines_all) > len(lines), "all-seeing is told more (the commands, both hands)"
    broken = text.splitlines()
    del broken[12]
    path.write_text("\n".join(broken) + "\n")
    refused = _brink(str(path), "--verify")
    assert refused.returncode == 1
    expected = f"FAILED {path}:13: entry 13 where entry 12 should be "
    assert refused.stdout.strip() == expected + "(a line is missing, repeated or out of order)"
    missing = _brink(str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
