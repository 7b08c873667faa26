"""`brink simulate` as a user runs it: deterministic output, clear errors for bad arguments."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import ROOT

from server.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_the_same_arguments_print_the_same_output(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", "--rules", "rules/intro.yaml", "--games", "15", "--seed", "4"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    assert "outcomes:" in first
    assert "mean length:" in first


def test_json_output_sums_to_every_game(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", "--rules", "rules/classroom.yaml", "--games", "12", "--json"]
    assert main([*args, "--washington", "hawk", "--beijing", "dove"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["games"] == 12
    assert sum(summary["outcomes"].values()) == pytest.approx(1.0, abs=0.01)
    assert sum(summary["wins"].values()) == pytest.approx(1.0, abs=0.01)
    assert summary["mean_hands"] <= 4


def test_narration_tells_the_game_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--rules", "rules/intro.yaml", "--games", "1", "--narrate", "zh"]) == 0
    out = capsys.readouterr().out
    assert "第 1 局" in out
    assert "遊戲結束" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["simulate", "--rules", "rules/intro.yaml", "--games", "0"], "must be at least 1"),
        (["simulate", "--rules", "rules/intro.yaml", "--games", "many"], "not a whole number"),
        (["simulate", "--rules", "rules/intro.yaml", "--washington", "oracle"], "invalid choice"),
        (["simulate"], "required: --rules"),
        (["simulate", "--rules", "rules/intro.yaml", "--seed", "9" * 30], "a seed is below 2**63"),
        (["simulate", "--rules", "rules/intro.yaml", "--seed", str(2**63 - 1)], "at most"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_a_bad_argument_gets_one_line_and_no_traceback(args: list[str], needle: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert needle in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_broken_rule_file_is_reported_by_place_not_by_traceback(tmp_path: object) -> None:
    done = run("simulate", "--rules", "tests/ruleset/broken/09_unknown_card_in_deck/scenario.yaml")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert ":" in done.stderr.splitlines()[0]


def test_a_missing_rule_file_is_reported_in_one_line() -> None:
    done = run("simulate", "--rules", "rules/nope.yaml")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
