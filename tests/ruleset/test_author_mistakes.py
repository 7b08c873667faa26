"""Mistakes a teacher makes writing a scenario of their own, each refused by `brink rules check`
with the file, the line and the field in one line (found by probe23d writing one from the docs)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from server.cli import main

RULES = Path(__file__).resolve().parents[2] / "rules"
VARIABLE = "variables:\n  x: {name: {en: X, zh: 叉}, min: 0, max: 10, initial: %s}\n"
ROLE = (
    "sides:\n  washington:\n    name: {en: Washington, zh: 華盛頓}\n"
    "    roles:\n      - {id: president, name: {en: President, zh: 總統}, final_say: %s}\n"
)
RESOLUTION = VARIABLE % "1" + "resolution:\n  - add: {x: %s}\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _check(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, list[str]]:
    code = main(["rules", "check", *paths])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("text", ["", "\n\n", "# my scenario, to be written\n", "{}\n"])
def test_an_empty_file_is_refused(capsys: pytest.CaptureFixture[str], text: str) -> None:
    Path("mine.yaml").write_text(text, encoding="utf-8")

    code, printed = _check(capsys, "mine.yaml")

    message = "the file is empty: a rule file holds at least one section (rules/README.md)"
    assert printed == [f"mine.yaml:1:1: {message}"]
    assert code == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            VARIABLE % "true",
            "2:46: variables.x.initial: Input should be a valid integer, not true",
            id="truth-value-as-number",
        ),
        pytest.param(
            VARIABLE % "2.0",
            "2:46: variables.x.initial: Input should be a valid integer, not 2.0",
            id="float-as-number",
        ),
        pytest.param(
            VARIABLE % "1.0e+30",
            "2:46: variables.x.initial: Input should be a valid integer, not 1e+30",
            id="huge-float",
        ),
        pytest.param(
            RESOLUTION % "true",
            "4:11: resolution[0].add.x: Input should be a valid integer or an expression "
            "(in quotes), not true",
            id="truth-value-as-amount",
        ),
        pytest.param(
            ROLE % "1",
            "5:56: sides.washington.roles[0].final_say: Input should be true or false, not 1",
            id="number-as-truth-value",
        ),
        pytest.param(
            ROLE % "yes",
            "5:56: sides.washington.roles[0].final_say: Input should be true or false, not 'yes'",
            id="yes-as-truth-value",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_not_converted(
    capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    Path("lib.yaml").write_text(text, encoding="utf-8")

    code, printed = _check(capsys, "lib.yaml")

    assert printed == [f"lib.yaml:{message}"]
    assert code == 1


@pytest.mark.parametrize("divisor", ["x", "(x - x)", "0", "-0", "0.0"])
def test_a_divisor_that_can_be_zero_is_refused(
    capsys: pytest.CaptureFixture[str], divisor: str
) -> None:
    Path("lib.yaml").write_text(RESOLUTION % f'"10 // {divisor}"', encoding="utf-8")

    code, printed = _check(capsys, "lib.yaml")

    shown = divisor.removeprefix("(").removesuffix(")")
    assert printed == [
        f"lib.yaml:4:11: resolution[0].add.x: expression '10 // {divisor}' divides by "
        f"'{shown}': the divisor must be a number other than 0"
    ]
    assert code == 1


@pytest.mark.parametrize("amount", ["x // 2", "x / -4", "x % 3", "x // 0.5"])
def test_a_divisor_that_is_a_number_is_accepted(
    capsys: pytest.CaptureFixture[str], amount: str
) -> None:
    Path("lib.yaml").write_text(RESOLUTION % f'"{amount}"', encoding="utf-8")

    assert _check(capsys, "lib.yaml") == (0, [])


def test_a_folder_named_like_a_rule_file_is_not_read_as_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A rules folder's subfolders are read only through `extends` (test_rules_check_folder.py).
    Path("lib.yaml").write_text(VARIABLE % "1", encoding="utf-8")
    Path("more.yaml").mkdir()
    (Path("more.yaml") / "lib.yaml").write_text(VARIABLE % "1", encoding="utf-8")

    assert _check(capsys, ".") == (0, [])


def test_unreadable_files_in_a_folder_say_why_once(capsys: pytest.CaptureFixture[str]) -> None:
    os.symlink("gone.yaml", "link.yaml")
    Path("utf16.yaml").write_bytes("variables: {}\n".encode("utf-16"))

    code, printed = _check(capsys, ".")

    assert printed == [
        "link.yaml:1:1: cannot read file: No such file or directory",
        "utf16.yaml:1:1: cannot read file: it is not UTF-8 text (byte 1): save it as UTF-8",
    ]
    assert code == 1


def test_a_second_document_is_named_as_such(capsys: pytest.CaptureFixture[str]) -> None:
    Path("lib.yaml").write_text(VARIABLE % "1" + "---\n" + VARIABLE % "2", encoding="utf-8")

    code, printed = _check(capsys, "lib.yaml")

    assert printed == [
        "lib.yaml:3:1: YAML: expected a single document in the stream, but found another document"
    ]
    assert code == 1


def test_a_side_replaced_without_its_roles_names_the_roles_it_has(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("lib.yaml").write_text(
        ROLE % "true"
        + "      - {id: treasury, name: {en: Treasury, zh: 財政部}}\n"
        + "cards:\n  - id: us_tariff\n    side: washington\n"
        + "    name: {en: Tariff, zh: 關稅}\n    text: {en: Tariff., zh: 關稅。}\n"
        + "    roles: [treasury]\n",
        encoding="utf-8",
    )
    # The teacher's own file adds a role, and the library's `treasury` is gone with the side.
    Path("mine.yaml").write_text(
        "extends: [lib.yaml]\n" + (ROLE % "true").replace("president", "farmer"),
        encoding="utf-8",
    )

    code, printed = _check(capsys, "mine.yaml")

    assert printed == [
        "lib.yaml:12:13: cards[0].roles[0]: washington has no role 'treasury' (its roles: farmer)"
    ]
    assert code == 1


def test_a_copied_scenario_that_keeps_its_id_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copytree(RULES, "rules")
    shutil.copy("rules/intro.yaml", "rules/mine.yaml")  # the copy, its `id: intro` unchanged

    lines = Path("rules/mine.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  id: intro") + 1

    code, printed = _check(capsys, "rules")

    assert printed == [
        f"rules/mine.yaml:{line}:3: scenario.id: 'intro' is also the id of rules/intro.yaml: "
        "a server offers only one scenario by an id"
    ]
    assert code == 1
    assert _check(capsys, "rules/intro.yaml", "rules/intro.yaml") == (0, [])
