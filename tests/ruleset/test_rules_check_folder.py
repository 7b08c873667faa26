"""`brink rules check DIR` checks the folder's rule files — its own *.yaml, as `brink serve`
reads a rules folder — each with every file it extends. It walked every tree below the folder
(`brink rules check /tmp` read every YAML file of every program's temporary files, for minutes,
and blamed them as broken rules); a folder with no rule files of its own was "all valid"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.cli import main

VALID = Path(__file__).resolve().parent / "valid"


def _folder(tmp_path: Path) -> Path:
    """A rules folder: the valid scenario at its top, its library in base/ (reached through
    `extends`), and an unrelated deep tree holding YAML that is no rule file."""
    rules = tmp_path / "rules"
    (rules / "base").mkdir(parents=True)
    shutil.copy(VALID / "lib.yaml", rules / "base" / "lib.yaml")
    text = (VALID / "scenario.yaml").read_text(encoding="utf-8")
    (rules / "scenario.yaml").write_text(text.replace("[lib.yaml]", "[base/lib.yaml]"))
    deep = rules / "node_modules" / "pkg" / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "config.yaml").write_text("name: not a rule file\nversion: [1, 2\n")
    (rules / ".git" / "objects").mkdir(parents=True)
    (rules / ".git" / "objects" / "x.yml").write_text("{{{")
    return rules


def test_a_folder_is_checked_without_walking_the_trees_below_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = _folder(tmp_path)
    assert main(["rules", "check", str(rules)]) == 0, capsys.readouterr().out
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "all rule files are valid\n"


def test_a_library_in_a_subfolder_is_still_checked_through_extends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = _folder(tmp_path)
    library = rules / "base" / "lib.yaml"
    library.write_text(library.read_text(encoding="utf-8").replace("cards:", "cardz:", 1))
    assert main(["rules", "check", str(rules)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed and all(line.startswith(f"{library}:") for line in printed), printed


def test_a_folder_without_rule_files_of_its_own_is_a_problem_not_all_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _folder(tmp_path)  # the rules are one folder down
    assert main(["rules", "check", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (
        f"{tmp_path}:1:1: no rule files in this folder: a rules folder holds its *.yaml files "
        "itself (its subfolders are read only through `extends`)\n"
    )
