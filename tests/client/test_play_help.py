"""`brink play --help` lists the scenarios --create and --scenario take: their ids (what is
typed, whatever the file is called) and titles, from the rules folder `BRINK_RULES_DIR` names."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from clientkit import ENV, ROOT


def play_help(rules_dir: Path | None = None) -> str:
    env = {**ENV, "BRINK_RULES_DIR": str(rules_dir)} if rules_dir is not None else ENV
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "play", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def scenarios_said(said: str) -> list[str]:
    """The lines under `scenarios (--create, --scenario):`, up to the note that ends them."""
    lines = said.split("scenarios (--create, --scenario):\n", 1)[1].splitlines()
    end = next(at for at, line in enumerate(lines) if "(the rules" in line)
    return lines[:end]


def test_play_help_lists_each_scenario_by_its_id_with_its_title() -> None:
    said = scenarios_said(play_help())
    assert said == [
        "  classroom  Supply-chain poker: classroom game",
        "  full_2025  Supply-chain poker: 2025",
        "  intro      Supply-chain poker: first lesson",
    ]


def test_a_scenario_whose_file_has_another_name_is_listed_by_its_id(tmp_path: Path) -> None:
    # An author's copy of intro.yaml saved as my_copy.yaml with `id: trade_war` was listed as
    # `my_copy`, which --create refuses: the server knows it as trade_war.
    shutil.copytree(ROOT / "rules" / "base", tmp_path / "base")
    text = (ROOT / "rules" / "intro.yaml").read_text(encoding="utf-8")
    text = text.replace("  id: intro\n", "  id: trade_war\n", 1)
    text = text.replace('"Supply-chain poker: first lesson"', '"Trade war: our own"', 1)
    (tmp_path / "my_copy.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("just: a note\n", encoding="utf-8")  # not a scenario
    (tmp_path / "broken.yaml").write_text("scenario: [\n", encoding="utf-8")
    assert scenarios_said(play_help(tmp_path)) == ["  trade_war  Trade war: our own"]


def test_a_rules_folder_without_scenarios_says_none_found(tmp_path: Path) -> None:
    assert scenarios_said(play_help(tmp_path)) == ["  none found here"]
