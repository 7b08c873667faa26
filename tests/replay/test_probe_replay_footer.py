"""`brink replay`'s last line, as a fresh user met it: `--as all` (the all-seeing view, the
default) ended "as instructor", and `--lang zh` ended in English; a step past the end
printed the whole game without a word."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from recordkit import RULES, bot_game

from server.replay.record import read_record
from server.replay.show import VIEWERS, lines
from server.replay.verify import verify


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", "replay", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_the_all_seeing_footer_says_all_seeing_in_english_and_chinese(tmp_path: Path) -> None:
    text = bot_game(RULES["intro"], 3)[0]
    path = tmp_path / "game.jsonl"
    path.write_text(text)
    told = _brink(str(path), "--as", "all", "--step", "20")
    assert told.returncode == 0, told.stderr
    last = told.stdout.splitlines()[-1]
    assert last.startswith("— step 20 of ") and ", all-seeing: hand " in last, last
    assert "instructor" not in last, last
    verified = verify(read_record(text))
    for chosen in ("all", "instructor"):
        zh = lines(verified, VIEWERS[chosen], 20, "zh")[-1]
        assert zh.startswith("— 第 20 步／共 ") and "全知視角：第 " in zh, zh
        assert "instructor" not in zh and "hand" not in zh, zh
    beijing = lines(verified, "beijing", None, "zh")[-1]
    assert "北京視角" in beijing and "結果：" in beijing, beijing
    assert "結果：未結束" in lines(verified, "spectator", 0, "zh")[-1]


def test_a_step_past_the_end_is_refused_naming_the_last_step(tmp_path: Path) -> None:
    """`--step 99999` printed the whole game as if asked for the end."""
    text = bot_game(RULES["intro"], 3)[0]
    path = tmp_path / "game.jsonl"
    path.write_text(text)
    last = len(text.splitlines()) - 1  # the entries after the header
    refused = _brink(str(path), "--step", "99999")
    assert refused.returncode == 2 and refused.stdout == "", refused
    said = refused.stderr.strip().splitlines()
    assert said == [f"brink replay: --step 99999: this game's last step is {last}"], said
    past = _brink(str(path), "--step", str(last + 1))
    assert past.returncode == 2 and f"last step is {last}" in past.stderr
    at_end = _brink(str(path), "--step", str(last))
    assert at_end.returncode == 0 and at_end.stdout.splitlines()[-1].startswith(
        f"— step {last} of {last}, "
    )
