"""`brink replay`'s first line names each player's team role, as the replay page does ("Tre
(Washington · Treasury)"): in a team game it said "Pia (Washington), Tre (Washington)", and
nobody could tell who had played which role. Run as a user runs it, on a record file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from recordkit import RULES, bot_game

SEATS = {
    "beijing:vice_premier": "Vic",
    "washington:treasury": "Tre",
    "beijing:leader": "Lee",
    "washington:president": "Pia",
}


def _record(path: Path) -> Path:
    header, *entries = bot_game(RULES["full_2025"], 4)[0].splitlines()
    head = json.loads(header)
    head["seats"] = SEATS
    path.write_text("\n".join([json.dumps(head), *entries]) + "\n", encoding="utf-8")
    return path


def _first_line(path: Path, *flags: str) -> str:
    args = [sys.executable, "-m", "server.cli", "replay", str(path), "--step", "0", *flags]
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.splitlines()[0]


def test_the_first_line_names_each_players_role(tmp_path: Path) -> None:
    record = _record(tmp_path / "TEAM.jsonl")
    line = _first_line(record)
    said = "Tre (Washington · Treasury), Pia (Washington · President), "
    said += "Vic (Beijing · Vice Premier), Lee (Beijing · Leader)"
    assert said in line, line
    line = _first_line(record, "--lang", "zh")
    assert "Tre（華盛頓 · 財政部）" in line and "Lee（北京 · 國家領導人）" in line, line
