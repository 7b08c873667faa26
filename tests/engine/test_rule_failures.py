"""Rules whose expressions cannot be worked out in play (a float that overflows, a division by
zero in rules stored with a game before `rules check` refused it): the move that puts such a
rule in play is refused with `rule_failed`, naming the rule and the expression; where the game
goes on by itself (news, a timeout, the ending) the rule is skipped, the same way every time.

The rules are the test table's, changed as stored rules (`Ruleset.from_json`): a rule file
with these expressions is refused by `brink rules check` (tests/ruleset/test_overflow_check.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from helpers import DECKS, Game, table

from server.engine import SYSTEM, Seat, initial_state, refusal
from server.engine.commands import Check, Fold, PlayCards, StartGame, Timeout
from server.engine.decide import apply
from server.engine.errors import RuleFailed
from server.engine.legal import options
from server.ruleset.model import Ruleset

OVERFLOW = "(tariff_on_china + 30) * 1e308"
BY_ZERO = "5 // (us_magnets - us_magnets)"


def stored(change: Callable[[dict[str, Any]], None]) -> Ruleset:
    """Return the test table's rules with `change` made to them, as a game stored them."""
    data = json.loads(table().to_json())
    change(data)
    return Ruleset.from_json(json.dumps(data))


def _card(data: dict[str, Any], card: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in data["cards"] if c["id"] == card)
    return found


def overflowing_tariff(data: dict[str, Any]) -> None:
    _card(data, "us_tariff")["effects"][0]["add"] = {"tariff_on_china": OVERFLOW}


def news_by_zero(data: dict[str, Any]) -> None:
    ceos = next(item for item in data["news"] if item["id"] == "ceos_call")
    ceos["effects"] = [
        {"when": None, "set": {}, "add": {"us_pressure": BY_ZERO}, "extend_deals": None},
        {"when": None, "set": {}, "add": {"cn_pressure": 2}, "extend_deals": None},
    ]


def test_washington_playing_a_card_whose_effect_overflows_is_refused_naming_it() -> None:
    game = Game(stored(overflowing_tariff), decks=DECKS)
    before = game.state

    with pytest.raises(RuleFailed) as refused:
        apply(game.rules, game.state, Seat(side="washington"), PlayCards(cards=["us_tariff"]))

    assert refused.value.code == "rule_failed"
    assert refused.value.message == (
        f"card us_tariff: expression {OVERFLOW!r} failed: "
        "its value is too large to be a number (an overflow)"
    )
    assert game.state == before


def test_the_game_goes_on_after_a_refused_card() -> None:
    game = Game(stored(overflowing_tariff), decks=DECKS)
    assert game.refused("washington", PlayCards(cards=["us_tariff"])) == "rule_failed"

    game.act("washington", Check())

    assert game.state.to_act == "beijing"
    assert game.replayed() == game.state


def test_news_that_divides_by_zero_changes_nothing_and_the_hand_begins() -> None:
    """ceos_call is scripted for hand 1: its first effect fails, its second applies."""
    game = Game(stored(news_by_zero), decks=DECKS)

    assert game.state.phase == "betting"
    assert game.state.to_act == "washington"
    assert game.vars["us_pressure"] == 10
    assert game.vars["cn_pressure"] == 12
    assert "news_drawn" in game.types(game.log)
    assert game.replayed() == game.state


def test_the_same_log_makes_the_same_game_when_news_fails() -> None:
    rules = stored(news_by_zero)
    first = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=4, decks=DECKS))
    second = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=4, decks=DECKS))

    assert first == second


def failing_fold(data: dict[str, Any]) -> None:
    washington = data["sides"]["washington"]
    washington["fold_effects"][0]["add"] = {"us_credibility": "us_credibility // 0"}
    data["scenario"]["phases"][1]["timeout_action"] = "fold"


def test_washington_cannot_fold_when_its_fold_effects_fail_but_a_timeout_folds() -> None:
    game = Game(stored(failing_fold), decks=DECKS)
    assert game.refused("washington", Fold()) == "rule_failed"

    game.act_as(SYSTEM, Timeout(turn=game.state.turn))

    assert game.state.phase == "talks"
    assert game.vars["us_credibility"] == 50  # the fold effect failed: nothing changed
    assert game.vars["cn_leverage"] == 0
    assert game.replayed() == game.state


def failing_condition(data: dict[str, Any]) -> None:
    _card(data, "us_tariff")["requires"] = f"{BY_ZERO} > 0"


def test_a_card_whose_condition_fails_is_offered_as_refused_with_the_reason() -> None:
    game = Game(stored(failing_condition), decks=DECKS)
    washington = Seat(side="washington")

    offered = options(game.rules, game.state, washington).play["us_tariff"]
    why = refusal(game.rules, game.state, washington, PlayCards(cards=["us_tariff"]))

    assert offered is not None and offered.code == "rule_failed"
    assert why is not None and why.message == offered.message
    assert "card us_tariff" in offered.message and BY_ZERO in offered.message


def test_a_strict_game_stops_at_a_news_item_that_fails() -> None:
    rules = stored(news_by_zero)

    with pytest.raises(RuleFailed) as failed:
        apply(rules, initial_state(rules), SYSTEM, StartGame(seed=1, decks=DECKS), strict=True)

    assert failed.value.what == "news ceos_call"
    assert failed.value.expression == BY_ZERO


def test_a_card_whose_effect_would_fail_is_offered_as_refused_so_bots_pass_it_by() -> None:
    game = Game(stored(overflowing_tariff), decks=DECKS)

    offered = options(game.rules, game.state, Seat(side="washington"))

    refused = offered.play["us_tariff"]
    assert refused is not None and refused.code == "rule_failed"
    assert offered.play["us_concession"] is None
    assert game.rules.fragile == {"us_tariff"}
    assert table().fragile == frozenset()


def test_a_stored_expression_that_no_longer_parses_fails_like_any_other() -> None:
    """Rules stored before a change to the language may hold what it now refuses."""

    def unparsable(data: dict[str, Any]) -> None:
        _card(data, "us_tariff")["effects"][0]["add"] = {"tariff_on_china": "tariff_on_china +"}
        news_by_zero(data)
        ceos = next(item for item in data["news"] if item["id"] == "ceos_call")
        ceos["effects"][0]["add"] = {"us_pressure": "open('x')"}

    game = Game(stored(unparsable), decks=DECKS)  # the news fails to parse: skipped

    assert game.vars["us_pressure"] == 10 and game.vars["cn_pressure"] == 12
    with pytest.raises(RuleFailed) as refused:
        apply(game.rules, game.state, Seat(side="washington"), PlayCards(cards=["us_tariff"]))
    assert refused.value.message == (
        "card us_tariff: expression 'tariff_on_china +' failed: does not parse: invalid syntax"
    )
