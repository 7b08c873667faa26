"""A record cut inside a command's events, its header's count of entries edited to match, failed
`brink replay --verify` without a line ("FAILED cut.jsonl: the record stops before the
engine's card_played …"), where every other failure names one. It names the line where the
missing event would be, as a record cut short does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from recordkit import RULES, bot_game


def test_a_record_cut_inside_a_command_names_the_line(tmp_path: Path) -> None:
    header, *entries = bot_game(RULES["classroom"], 2)[0].splitlines()
    # cut just after a command, before its events
    at = next(i for i, line in enumerate(entries) if i > 20 and json.loads(line)["command"])
    head = json.loads(header)
    head["entries"] = at + 1
    path = tmp_path / "cut.jsonl"
    path.write_text("\n".join([json.dumps(head), *entries[: at + 1]]) + "\n")
    command = [sys.executable, "-m", "server.cli", "replay", str(path), "--verify"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    said = (done.stdout + done.stderr).strip()
    assert said.startswith(f"FAILED {path}:{at + 3}: the record stops before the engine's"), said
