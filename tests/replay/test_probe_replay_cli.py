"""`brink replay` as an instructor uses it on last week's records: a file that is not a record
(random bytes, gzipped, cut inside a character, nested too deeply) gets one line and exit 1,
never a traceback; a byte-order mark is let through; the game is introduced in a line (room,
scenario, players; a "what if" says what it continues); a face-down card is named to whoever
saw it; the room's notices are said in words; a negative step is refused."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

from recordkit import RULES, bot_game


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", "replay", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def _face_down_game() -> tuple[str, str]:
    """A record in which Washington puts a card face down, and that card."""
    for seed in range(200):
        text = bot_game(RULES["intro"], seed, ("random", "random"))[0]
        for line in text.splitlines()[1:]:
            event = json.loads(line).get("event") or {}
            if event.get("type") == "card_played_face_down" and event["side"] == "washington":
                return text, event["card"]
    raise AssertionError("no game with a face-down card")


def _with_notices(text: str, at: int) -> str:
    """The record with the room paused (nobody at the table) and resumed after entry `at`."""
    header, *entries = text.splitlines()
    notices = [
        {"type": "notice", "kind": "paused", "by": "system", "reason": "nobody_here"},
        {"type": "notice", "kind": "resumed", "by": "system", "reason": "player_back"},
    ]
    made = [
        json.dumps({"n": at + i + 1, "notice": notice, "at": 1}) for i, notice in enumerate(notices)
    ]
    moved = []
    for line in entries[at:]:
        entry = json.loads(line)
        entry["n"] += len(made)
        moved.append(json.dumps(entry))
    head = json.loads(header)
    head["entries"] += len(made)
    return "\n".join([json.dumps(head), *entries[:at], *made, *moved]) + "\n"


def test_what_is_not_a_record_gets_one_line(tmp_path: Path) -> None:
    record = bot_game(RULES["intro"], 3)[0].encode()
    cut = record.index("威".encode()) + 1
    files = {
        "random.jsonl": random.Random(2).randbytes(2000),
        "game.jsonl.gz": gzip.compress(record),
        "cut.jsonl": record[:cut],
        "deep.jsonl": b"[" * 100_000 + b"]" * 100_000 + b"\n",
    }
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        for verify in (["--verify"], []):
            done = _brink(str(path), *verify)
            said = (done.stdout if verify else done.stderr).strip().splitlines()
            assert done.returncode == 1, (name, done.stderr)
            assert "Traceback" not in done.stderr, (name, done.stderr)
            assert len(said) == 1 and said[0].startswith(f"FAILED {path}:"), (name, said)
    marked = tmp_path / "bom.jsonl"
    marked.write_bytes(b"\xef\xbb\xbf" + record)  # saved by an editor that marks UTF-8
    assert _brink(str(marked), "--verify").stdout.startswith(f"OK {marked}: TEST3, intro")
    refused = _brink(str(marked), "--step", "-1")
    assert refused.returncode == 2 and "steps start at 0" in refused.stderr


def test_the_game_is_told_with_its_hidden_card_to_who_saw_it(tmp_path: Path) -> None:
    text, card = _face_down_game()
    name = RULES["intro"].cards[card].name
    path = tmp_path / "game.jsonl"
    path.write_text(_with_notices(text, 8))
    told = {
        viewer: _brink(str(path), "--as", viewer) for viewer in ("all", "washington", "beijing")
    }
    for viewer, done in told.items():
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0].startswith("TEST"), lines[0]  # the room
        assert "Supply-chain poker" in lines[0] and "A (Washington)" in lines[0], lines[0]
        assert "⏸ The game pauses: nobody is at the table." in done.stdout, viewer
        assert "▶ The game goes on." in done.stdout and "nobody_here" not in done.stdout
    for viewer in ("all", "washington"):
        assert f"Washington puts {name.en} face down: a threat." in told[viewer].stdout, viewer
    assert "Washington puts a card face down: a threat." in told["beijing"].stdout
    assert name.en not in told["beijing"].stdout.split("face down")[0]  # not before it shows
    zh = _brink(str(path), "--as", "washington", "--lang", "zh").stdout
    assert f"華盛頓蓋下「{name.zh}」" in zh and "遊戲暫停：桌邊沒有人。" in zh


def test_a_what_if_says_what_it_continues(tmp_path: Path) -> None:
    header, rest = bot_game(RULES["intro"], 3)[0].split("\n", 1)
    forked = {**json.loads(header), "forked_from": {"code": "ORIG22", "step": 37}}
    path = tmp_path / "fork.jsonl"
    path.write_text(json.dumps(forked) + "\n" + rest)
    lines = _brink(str(path), "--step", "2").stdout.splitlines()
    assert lines[1] == "A “what if”: it continues ORIG22 from step 37", lines
    assert lines[-1].endswith("phase (not begun), outcome (not over)"), lines[-1]
