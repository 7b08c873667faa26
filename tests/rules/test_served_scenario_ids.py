"""A rules folder served (BRINK_RULES_DIR) holding two scenarios with one id: the server does not
start, and says so in one line naming both files, as `brink rules check` of the folder does
(it offers a scenario by its id: one of the two would silently hide the other)."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from serverkit import serve_command

from server.live.loading import ScenarioClash, load_scenarios
from server.ruleset.loader import check_paths

RULES = Path(__file__).resolve().parents[2] / "rules"


def _with_a_second_intro(tmp_path: Path) -> Path:
    """Return a copy of rules/ where mine.yaml is intro.yaml renamed (still `id: intro`)."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    shutil.copy(folder / "intro.yaml", folder / "mine.yaml")
    return folder


def test_loading_a_folder_with_two_intros_names_both_files_as_rules_check_does(
    tmp_path: Path,
) -> None:
    folder = _with_a_second_intro(tmp_path)

    with pytest.raises(ScenarioClash) as clash:
        load_scenarios(folder)

    [checked] = [str(error) for error in check_paths([str(folder)])]
    assert clash.value.line == checked
    assert str(folder / "mine.yaml") in checked and str(folder / "intro.yaml") in checked
    assert clash.value.code == f"brink serve: {checked}"


def test_a_folder_of_distinct_ids_loads_every_scenario(tmp_path: Path) -> None:
    assert sorted(load_scenarios(RULES)) == ["classroom", "full_2025", "intro"]


def test_a_library_beside_the_scenarios_is_not_served_nor_logged_as_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """authoring.md: a library of your own may sit next to your scenario; a broken file is
    still an error."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    shutil.copy(folder / "base" / "news.yaml", folder / "my_news.yaml")
    (folder / "broken.yaml").write_text("scenario: [\n", encoding="utf-8")

    with caplog.at_level(logging.INFO, logger="brink.hub"):
        served = load_scenarios(folder)

    assert sorted(served) == ["classroom", "full_2025", "intro"]
    said = {(r.levelname, r.getMessage().split(":")[0]) for r in caplog.records}
    assert said == {
        ("INFO", f"not serving {folder / 'my_news.yaml'}"),
        ("ERROR", f"skipping {folder / 'broken.yaml'}"),
    }


@pytest.mark.parametrize("workers", [1, 2])
def test_brink_serve_refuses_to_start_on_two_scenarios_with_one_id(
    tmp_path: Path, redis_url: str, workers: int
) -> None:
    folder = _with_a_second_intro(tmp_path)
    command = serve_command()
    command += ["--workers", str(workers), "--redis", redis_url, "--data-dir", str(tmp_path)]
    env = {**os.environ, "BRINK_RULES_DIR": str(folder)}

    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    said = [line for line in done.stderr.splitlines() if line.startswith("brink serve: ")]
    [checked] = [str(error) for error in check_paths([str(folder)])]
    assert said == [f"brink serve: {checked}"]  # said once, however many workers read it


@pytest.mark.parametrize(("made", "workers"), [("missing", 1), ("no scenario", 2)])
def test_brink_serve_refuses_a_rules_folder_with_nothing_to_serve(
    tmp_path: Path, redis_url: str, made: str, workers: int
) -> None:
    """BRINK_RULES_DIR mistyped, or a folder of broken files: one line, exit 1 (the server
    started and offered no game at all)."""
    folder = tmp_path / "my-rules"
    if made == "no scenario":
        folder.mkdir()
        (folder / "broken.yaml").write_text("scenario: [\n", encoding="utf-8")
    command = serve_command()
    command += ["--workers", str(workers), "--redis", redis_url]
    command += ["--data-dir", str(tmp_path / "data")]
    env = {**os.environ, "BRINK_RULES_DIR": str(folder)}

    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    said = [line for line in done.stderr.splitlines() if line.startswith("brink serve: ")]
    assert len(said) == 1 and str(folder) in said[0], done.stderr  # once, however many workers
