"""A teacher's own scenario (teacher/soybeans.yaml, written from rules/README.md alone: new cards,
a deal term, news, a variable only Washington sees), checked in a copy of the rules folder, and
the mistakes made changing it, each refused in one line with its file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.cli import main

HERE = Path(__file__).resolve().parent
RULES = HERE.parents[1] / "rules"
MINE = "rules/soybeans.yaml"


@pytest.fixture(autouse=True)
def _rules_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(RULES, "rules")
    shutil.copy(HERE / "teacher" / "soybeans.yaml", MINE)


def _check(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, list[str]]:
    code = main(["rules", "check", *paths])
    return code, capsys.readouterr().out.splitlines()


def _change(old: str, new: str) -> int:
    """Replace `old` (once in the scenario) with `new`; return the line it is on."""
    text = Path(MINE).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    Path(MINE).write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_the_teachers_scenario_is_valid_and_plays_to_its_end(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _check(capsys, "rules") == (0, [])

    code = main(["simulate", "--rules", MINE, "--games", "2", "--washington", "dove"])

    assert code == 0
    assert "soybeans: dove (Washington)" in capsys.readouterr().out


def test_a_deal_longer_than_a_proposal_may_ask_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A proposal asks for 30 hands at most: with deals of 31 to 40 hands none could be made,
    # and the moves on offer (a deal of the shortest length) could not even be listed.
    line = _change("deal_rounds: [1, 4]", "deal_rounds: [31, 40]")

    code, printed = _check(capsys, MINE)

    assert printed == [
        f"{MINE}:{line}:17: scenario.deal_rounds[0]: a deal runs at most 30 hands, not 31",
        f"{MINE}:{line}:21: scenario.deal_rounds[1]: a deal runs at most 30 hands, not 40",
    ]
    assert code == 1
    assert main(["simulate", "--rules", MINE, "--games", "1"]) == 1


def test_a_deal_as_long_as_a_proposal_may_ask_is_accepted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _change("deal_rounds: [1, 4]", "deal_rounds: [30, 30]")

    assert _check(capsys, MINE) == (0, [])


@pytest.mark.parametrize(
    ("written", "told"),
    [
        (
            "soy_exports = 0",
            "expression 'soy_exports = 0' uses Assign, which is not allowed"
            " ('=' gives a value: to compare, write '==')",
        ),
        (
            "soy_exports > 0 && farm_anger < 5",
            "expression 'soy_exports > 0 && farm_anger < 5' does not parse: invalid syntax"
            " (write 'and', not '&&')",
        ),
        (
            "soy_exports > 0 or true",
            "expression 'soy_exports > 0 or true' names unknown variable 'true'"
            " (write 'True', not 'true')",
        ),
    ],
)
def test_a_condition_written_another_languages_way_says_what_to_write(
    capsys: pytest.CaptureFixture[str], written: str, told: str
) -> None:
    line = _change('requires: "soy_exports > 0"', f'requires: "{written}"')

    code, printed = _check(capsys, MINE)

    assert printed == [f"{MINE}:{line}:5: cards[0].requires: {told}"]
    assert code == 1


def test_a_flag_that_can_be_more_than_1_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    # rules/README.md: "a `flag` is 0 or 1"; clients show it as on or off.
    line = _change(
        "kind: index, min: 0, max: 100, initial: 60", "kind: flag, min: 0, max: 100, initial: 60"
    )

    code, printed = _check(capsys, MINE)

    assert printed == [
        f"{MINE}:{line}:72: variables.soy_exports.kind: a flag is 0 or 1 (off or on), so its"
        " min and max are 0 and 1, not min 0, max 100"
    ]
    assert code == 1


def test_a_flag_of_0_and_1_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    _change("kind: index, min: 0, max: 100, initial: 60", "kind: flag, max: 1, initial: 1")

    assert _check(capsys, MINE) == (0, [])


NEW_VARIABLE = "  farm_anger: {"


def _add_variable(name: str) -> int:
    """Add a variable `name` to the scenario (before farm_anger); return the line it is on."""
    return _change(NEW_VARIABLE, f"  {name}: {{name: {{en: Mine, zh: 我的}}}}\n{NEW_VARIABLE}")


GAMES_OWN = (
    "is a name the game gives itself (rules/README.md, Expressions): an expression would read"
    " the game's, never this variable: choose another name"
)
LANGUAGES_WORD = "is a word of the expressions' language: choose another name"


@pytest.mark.parametrize(
    ("name", "told"),
    # `stake` in an expression is the hand's stake: the teacher's variable would never be read.
    [
        pytest.param(name, GAMES_OWN, id=name)
        for name in ("stake", "round", "deals_in_force", "wins_beijing")
    ]
    + [pytest.param(name, LANGUAGES_WORD, id=name) for name in ("and", "if", "not", "import")],
)
def test_a_variable_named_as_the_game_or_its_language_names_things_is_refused(
    capsys: pytest.CaptureFixture[str], name: str, told: str
) -> None:
    line = _add_variable(name)

    code, printed = _check(capsys, MINE)

    assert printed == [f"{MINE}:{line}:3: variables.{name}: {name!r} {told}"]
    assert code == 1


@pytest.mark.parametrize("name", ["match", "case", "maximum", "max"])
def test_a_variable_with_a_name_expressions_can_read_is_accepted(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    _add_variable(name)
    _change('- us_pressure"', f'- us_pressure + {name}"')

    assert _check(capsys, MINE) == (0, [])


def test_a_deal_parameter_named_as_a_variable_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Inside the term `soy_exports` would be the parameter: the variable could not be read.
    line = _change("      amount: {name", "      soy_exports: {name")
    _change(
        "add: {soy_exports: amount, farm_anger: ", "add: {soy_exports: soy_exports, farm_anger: "
    )
    _change('"-(amount // 5)"', '"-(soy_exports // 5)"')

    code, printed = _check(capsys, MINE)

    assert printed == [
        f"{MINE}:{line}:7: deal_terms[0].params.soy_exports: 'soy_exports' is also a variable:"
        " in this term's expressions the parameter would hide the variable; give the"
        " parameter another name"
    ]
    assert code == 1


@pytest.mark.parametrize(
    ("old", "new", "told"),
    [
        (
            'name: {en: "Soybeans", zh: 大豆}',
            "name: {en: 2025, zh: 大豆}",
            "10: scenario.name.en: Input should be a text, not the number 2025"
            ' (as a text, in quotes: "2025")',
        ),
        (
            'name: {en: "Soybeans", zh: 大豆}',
            "name: {en: true, zh: 大豆}",
            "10: scenario.name.en: Input should be a text, not the truth value true"
            ' (as a text, in quotes: "true")',
        ),
        (
            "id: cn_soy_boycott",
            "id: CN-Soy-Boycott",
            "5: cards[0].id: an id is lower-case letters, digits and _, starting with a letter"
            " (us_soy_tariff), not 'CN-Soy-Boycott'",
        ),
    ],
)
def test_a_value_yaml_reads_otherwise_is_told_plainly(
    capsys: pytest.CaptureFixture[str], old: str, new: str, told: str
) -> None:
    line = _change(old, new)

    code, printed = _check(capsys, MINE)

    assert printed == [f"{MINE}:{line}:{told}"]
    assert code == 1


def test_a_score_past_what_a_game_can_keep_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Played, the score 4 * (2**63 - 1) could not be sent: the server failed at the game's end.
    most = 2**63 - 1
    _change(NEW_VARIABLE, f"  big: {{name: {{en: Big, zh: 大}}, max: {most}}}\n{NEW_VARIABLE}")
    line = _change('washington: "us_market + soy_exports', 'washington: "big * 4 + soy_exports')

    code, printed = _check(capsys, MINE)

    assert printed == [
        f"{MINE}:{line}:5: scenario.scoring.washington: 'big * 4 + soy_exports - farm_anger -"
        " us_pressure' can reach 3.69e+19 (an objective adds up to 20), past the"
        " 9,223,372,036,854,775,807 points a game can keep: use smaller numbers (or narrower"
        " variables)"
    ]
    assert code == 1


def test_a_deal_pushed_past_what_a_game_can_keep_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _change("max: 50, default: 25}", "max: 5000000, default: 25}")
    line = _change("    each_round:", "    on_end: [{extend_deals: amount}]\n    each_round:")

    code, printed = _check(capsys, MINE)

    assert printed == [
        f"{MINE}:{line}:15: deal_terms[0].on_end[0].extend_deals: 'amount' can reach 5e+06,"
        " past the 1,000,000 hands a game can keep: use smaller numbers (or narrower variables)"
    ]
    assert code == 1


def test_a_deal_pushed_by_a_parameter_within_bounds_is_accepted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _change("    each_round:", "    on_end: [{extend_deals: amount}]\n    each_round:")

    assert _check(capsys, MINE) == (0, [])


def test_a_line_pasted_in_another_encoding_is_placed_at_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # One name pasted from a file saved in GBK: the teacher is shown the line to fix. (The
    # GBK of 农业 happens to read as UTF-8, ũҵ: the first that does not is the third character.)
    text = Path(MINE).read_text(encoding="utf-8")
    before = text[: text.index("農業紓困")]
    line, column = before.count("\n") + 1, len(before.rsplit("\n", 1)[1]) + 3
    start = len(before.encode("utf-8")) + 5  # counted from 1, as the line and column are
    Path(MINE).write_bytes(
        text.encode("utf-8").replace("農業紓困".encode(), "农业纾困".encode("gbk"))
    )

    code, printed = _check(capsys, MINE)

    assert printed == [
        f"{MINE}:{line}:{column}: cannot read file: it is not UTF-8 text (byte {start}):"
        " save it as UTF-8"
    ]
    assert code == 1
