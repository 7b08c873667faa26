"""`brink rules check` refuses an expression that would overflow in play (a fraction past the
largest float: the game could not go on there), given how large each variable can be; and
`brink simulate`, playing rules stored before that check, names the rule that failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import table

from server.cli import main
from server.game.simulate import GameFailed, simulate
from server.ruleset.model import Ruleset

RESOLUTION = (
    "variables:\n  x: {name: {en: X, zh: 叉}, min: 0, max: 100, initial: 1}\n"
    "resolution:\n  - add: {x: %s}\n"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _check(capsys: pytest.CaptureFixture[str], amount: str) -> tuple[int, list[str]]:
    Path("lib.yaml").write_text(RESOLUTION % f'"{amount}"', encoding="utf-8")
    code = main(["rules", "check", "lib.yaml"])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    "amount",
    [
        "x * 1e308",
        "1e200 * 1e200 - x",
        "x / 1e-307",
        "int(x * 1e307) > 0",
        "0 * (x * 1e308)",
        "x * " + "9" * 320 + " / 2",
    ],
)
def test_an_expression_that_can_overflow_is_refused(
    capsys: pytest.CaptureFixture[str], amount: str
) -> None:
    code, printed = _check(capsys, amount)

    assert printed == [
        f"lib.yaml:4:11: resolution[0].add.x: expression {amount!r} can overflow: its value "
        "could pass 1.8e+308, the largest fraction (use smaller numbers)"
    ]
    assert code == 1


@pytest.mark.parametrize(
    "amount", ["x * 1e300", "x / 3", "x * 0.5 + 2", "x * " + "9" * 320, "min(x, 1e306) * 100"]
)
def test_an_expression_that_stays_in_range_is_accepted(
    capsys: pytest.CaptureFixture[str], amount: str
) -> None:
    """Whole numbers never overflow: only an expression with fractions is held to it."""
    assert _check(capsys, amount) == (0, [])


def test_simulate_names_the_news_item_that_failed_in_rules_stored_before_the_check() -> None:
    data = json.loads(table().to_json())
    ceos = next(item for item in data["news"] if item["id"] == "ceos_call")
    ceos["effects"][0]["add"] = {"us_pressure": "us_pressure * 1e308"}
    rules = Ruleset.from_json(json.dumps(data))

    with pytest.raises(GameFailed) as failed:
        simulate(rules, 1, 0, "random", "random")

    assert str(failed.value) == (
        "news ceos_call: expression 'us_pressure * 1e308' failed: its value is too large to be "
        "a number (an overflow) (the game of seed 0)"
    )


@pytest.mark.parametrize(
    ("amount", "takes"),
    [
        ("clamp(x)", "calls clamp with 1 argument: it takes 3"),
        ("min(x)", "calls min with 1 argument: it takes at least 2"),
        ("max()", "calls max with 0 arguments: it takes at least 2"),
        ("abs(x, 1)", "calls abs with 2 arguments: it takes 1"),
        ("int(x, 2)", "calls int with 2 arguments: it takes 1"),
    ],
)
def test_a_function_called_with_arguments_it_cannot_take_is_refused(
    capsys: pytest.CaptureFixture[str], amount: str, takes: str
) -> None:
    """Each of these passed the check before, and failed in play the first time it was met."""
    code, printed = _check(capsys, amount)

    assert printed == [f"lib.yaml:4:11: resolution[0].add.x: expression {amount!r} {takes}"]
    assert code == 1


def test_functions_called_as_the_language_says_are_accepted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _check(capsys, "clamp(x, 0, 5) + min(x, 2, 3) - max(x, 1) + abs(-x) + int(x)") == (
        0,
        [],
    )


def test_simulate_names_where_an_expression_a_bot_weighs_is_used() -> None:
    """The planner works out the scores itself as it weighs a move, before the engine does."""
    data = json.loads(table().to_json())
    data["scenario"]["scoring"]["washington"] = "us_leverage // (round - round)"
    rules = Ruleset.from_json(json.dumps(data))

    with pytest.raises(GameFailed) as failed:
        simulate(rules, 1, 0, "planner", "random")

    assert str(failed.value) == (
        "scenario table (scoring.washington): expression 'us_leverage // (round - round)' "
        "failed: it divides by zero (the game of seed 0)"
    )
