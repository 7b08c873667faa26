"""A reference to something the rules do not define (a card in a deck, a variable an effect
changes, an outcome, a role…) is told with the field's full path, as every other problem is
(`scenario.decks.washington[4]`, not `decks`): a fresh user misspelt a card of the intro's deck
and was told only `decks: unknown card 'us_eda_bann'`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.cli import main

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(RULES / "base", tmp_path / "base")
    monkeypatch.chdir(tmp_path)


def _scenario(old: str, new: str) -> tuple[str, int]:
    """The intro with `old` written as `new`, and the line it is on."""
    text = (RULES / "intro.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    changed = text.replace(old, new)
    Path("mine.yaml").write_text(changed, encoding="utf-8")
    return "mine.yaml", changed[: changed.index(new)].count("\n") + 1


def _check(capsys: pytest.CaptureFixture[str], path: str) -> list[str]:
    assert main(["rules", "check", path]) == 1
    return capsys.readouterr().out.splitlines()


def test_a_misspelt_card_in_a_deck_names_its_place_in_the_deck(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, line = _scenario("      - us_eda_ban\n", "      - us_eda_bann\n")

    printed = _check(capsys, path)

    assert printed == [f"{path}:{line}:9: scenario.decks.washington[4]: unknown card 'us_eda_bann'"]


@pytest.mark.parametrize(
    ("old", "new", "told"),
    [
        pytest.param(
            "outcome: us_capitulates}",
            "outcome: us_capitulate}",
            "scenario.end_early[0].outcome: unknown outcome 'us_capitulate'",
            id="outcome",
        ),
        pytest.param(
            "  news_deck:\n    - ",
            "  news_deck:\n    - no_such_news\n    - ",
            "scenario.news_deck[0]: unknown news 'no_such_news'",
            id="news",
        ),
        pytest.param(
            "  deal_terms: [",
            "  deal_terms: [no_such_term, ",
            "scenario.deal_terms[0]: unknown deal term 'no_such_term'",
            id="deal-term",
        ),
    ],
)
def test_other_references_name_their_full_path(
    capsys: pytest.CaptureFixture[str], old: str, new: str, told: str
) -> None:
    path, _ = _scenario(old, new)
    bad = told.rsplit(" ", 1)[1].strip("'")
    text = Path(path).read_text(encoding="utf-8")
    line = text[: text.index(bad)].count("\n") + 1

    printed = _check(capsys, path)

    assert len(printed) == 1 and printed[0].startswith(f"{path}:{line}:")
    assert printed[0].split(": ", 1)[1] == told


def test_an_effect_on_an_unknown_variable_names_the_card_and_the_effect(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cards = Path("base/cards.yaml")
    text = cards.read_text(encoding="utf-8")
    cards.write_text(text.replace("us_market: -3, cn_market: -4}", "us_markets: -3}", 1), "utf-8")

    shutil.copy(RULES / "intro.yaml", "intro.yaml")

    printed = _check(capsys, "intro.yaml")

    assert [line.split(": ", 1)[1] for line in printed] == [
        "cards[0].effects[2].add.us_markets: unknown variable 'us_markets'"
    ]
    assert printed[0].startswith("base/cards.yaml:")
