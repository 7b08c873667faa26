"""`brink rules check` over a corpus of broken rule files, each with its exact expected output.

Every folder in broken/ is one case: one or more YAML files and `expected.txt`, the lines the
checker must print (paths relative to the repository root). The expected lines were written by
hand from the files, not copied from the tool; where the tool disagrees with what a rule author
would reasonably expect, the case is listed in KNOWN_BUGS and expected to fail until it is fixed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from server.cli import main

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BROKEN = HERE / "broken"
VALID = HERE / "valid"

# Cases whose expected output is what a rule author should see but the checker does not print yet.
KNOWN_BUGS: dict[str, str] = {}


def _cases() -> list[object]:
    params: list[object] = []
    for case in sorted(path for path in BROKEN.iterdir() if path.is_dir()):
        marks: list[pytest.MarkDecorator] = []
        if case.name in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case.name]))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def _relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _run_check(paths: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["rules", "check", *paths])
    return code, capsys.readouterr().out.splitlines()


@pytest.fixture(autouse=True)
def _at_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("case", _cases())
def test_broken_rules_print_exactly_the_expected_lines(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()

    code, printed = _run_check([_relative(case)], capsys)

    assert printed == expected
    assert code == 1


def test_corpus_has_a_case_for_every_kind_of_problem() -> None:
    cases = [path for path in BROKEN.iterdir() if path.is_dir()]
    assert len(cases) >= 18
    for case in cases:
        assert (case / "expected.txt").is_file(), case.name
        assert list(case.glob("*.yaml")), case.name
        assert (case / "expected.txt").read_text(encoding="utf-8").strip(), case.name


def test_known_bugs_name_existing_cases() -> None:
    names = {path.name for path in BROKEN.iterdir() if path.is_dir()}
    assert set(KNOWN_BUGS) <= names


def test_valid_fixture_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, printed = _run_check([_relative(VALID)], capsys)

    assert printed == []
    assert code == 0


def test_valid_fixture_checks_clean_file_by_file(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [_relative(VALID / "lib.yaml"), _relative(VALID / "scenario.yaml")]

    code, printed = _run_check(paths, capsys)

    assert printed == []
    assert code == 0


def test_missing_path_prints_one_line_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, printed = _run_check(["tests/ruleset/no_such_folder"], capsys)

    assert printed == ["tests/ruleset/no_such_folder:1:1: no such file or folder"]
    assert code == 1


def test_a_path_that_is_neither_file_nor_folder_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, printed = _run_check(["/dev/null"], capsys)

    assert printed == ["/dev/null:1:1: not a file or folder"]
    assert code == 1


def test_problems_in_several_paths_are_all_printed(capsys: pytest.CaptureFixture[str]) -> None:
    first = BROKEN / "09_unknown_card_in_deck"
    second = BROKEN / "20_missing_resolution_phase"
    expected = [
        *(first / "expected.txt").read_text(encoding="utf-8").splitlines(),
        *(second / "expected.txt").read_text(encoding="utf-8").splitlines(),
    ]

    code, printed = _run_check([_relative(first), _relative(VALID), _relative(second)], capsys)

    assert printed == expected
    assert code == 1


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["rules", "frobnicate"], id="unknown-rules-command"),
        pytest.param(["rules", "check"], id="check-without-paths"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_bad_command_line_exits_2_with_one_line_and_no_traceback(args: list[str]) -> None:
    result = _brink(*args)

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("brink")
    assert "error:" in result.stderr
    assert result.stdout == ""


def test_command_line_check_prints_to_stdout_and_summarises_on_stderr() -> None:
    case = BROKEN / "09_unknown_card_in_deck"

    result = _brink("rules", "check", _relative(case))

    assert result.returncode == 1
    assert result.stdout.splitlines() == (case / "expected.txt").read_text().splitlines()
    assert "Traceback" not in result.stderr
