"""A condition whose answer a player is told before a move — a card's or a deal term's
`requires`, and a side's capital (what its cards cost is paid from) — may read only what that
player sees: the options and the refusals say whether it holds, so a card of Washington's that
requires a variable only Beijing sees would tell Washington about it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.ruleset.loader import load_ruleset
from server.ruleset.source import RuleCheckFailed

VALID = Path(__file__).resolve().parent / "valid"


def _lib_with(folder: Path, old: str, new: str) -> Path:
    """The valid fixture copied into `folder`, `old` replaced by `new` in its library."""
    shutil.copy(VALID / "scenario.yaml", folder / "scenario.yaml")
    text = (VALID / "lib.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    (folder / "lib.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder / "scenario.yaml"


def _only_problem(path: Path) -> str:
    with pytest.raises(RuleCheckFailed) as failure:
        load_ruleset(path)
    [error] = failure.value.errors
    return str(error)


def test_a_card_that_requires_what_only_the_other_side_sees_is_refused(tmp_path: Path) -> None:
    path = _lib_with(tmp_path, 'requires: "tariff_on_china < 150"', 'requires: "cn_capital < 5"')

    problem = _only_problem(path)

    assert problem.startswith(f"{tmp_path / 'lib.yaml'}:59:")
    assert "cards[0].requires: expression 'cn_capital < 5' reads 'cn_capital'" in problem
    assert "which only beijing sees" in problem
    assert "told to washington" in problem


def test_a_card_may_require_what_its_own_side_sees(tmp_path: Path) -> None:
    path = _lib_with(
        tmp_path,
        'requires: "tariff_on_china < 150"',
        'requires: "tariff_on_china < 150 and us_capital > 0"',
    )

    assert load_ruleset(path).cards["us_tariff_34"].requires is not None


def test_a_deal_term_that_requires_what_one_side_sees_is_refused(tmp_path: Path) -> None:
    path = _lib_with(tmp_path, 'requires: "tariff_on_china > 0"', 'requires: "us_capital > 0"')

    problem = _only_problem(path)

    assert f"{tmp_path / 'lib.yaml'}:109:" in problem
    assert "deal_terms[0].requires: expression 'us_capital > 0' reads 'us_capital'" in problem
    assert "told to both sides" in problem


def test_a_capital_the_side_cannot_see_is_refused(tmp_path: Path) -> None:
    path = _lib_with(tmp_path, "    capital: us_capital\n", "    capital: cn_capital\n")

    problem = _only_problem(path)

    assert f"{tmp_path / 'lib.yaml'}:5:" in problem
    assert "capital: 'cn_capital' is seen only by beijing, not by washington" in problem


def test_the_shipped_rules_read_only_what_their_readers_see() -> None:
    rules = Path(__file__).resolve().parents[2] / "rules"
    for scenario in ("intro.yaml", "classroom.yaml", "full_2025.yaml"):
        load_ruleset(rules / scenario)  # raises RuleCheckFailed on any problem
