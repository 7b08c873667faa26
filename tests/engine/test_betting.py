"""The poker actions, on the small test table (hands are stacked: see helpers.DECKS)."""

from __future__ import annotations

import pytest
from helpers import RULES_DIR, stacked

from server.engine import SYSTEM, Seat, apply, initial_state, refusal, waiting_sides
from server.engine import events as ev
from server.engine.commands import (
    Bluff,
    Call,
    CallBluff,
    Check,
    Fold,
    PassTalks,
    PlayCards,
    StartGame,
)
from server.ruleset.loader import load_ruleset


def test_game_opens_with_the_news_then_washington_to_bet() -> None:
    game = stacked()
    assert game.state.phase == "betting"
    assert game.state.to_act == "washington"
    assert game.state.news == "ceos_call"
    assert game.vars["us_pressure"] == 15
    assert game.state.hands["washington"].cards == (
        "us_tariff",
        "us_threat",
        "us_onshoring",
        "us_concession",
    )


def test_washington_raises_by_playing_a_card_face_up() -> None:
    game = stacked()
    events = game.act("washington", PlayCards(cards=["us_tariff"]))
    assert game.types(events) == [
        "variables_changed",
        "card_played",
        "variables_changed",
        "stake_raised",
        "turn_started",
    ]
    assert game.vars["tariff_on_china"] == 30
    assert game.vars["us_capital"] == 2
    assert game.state.betting is not None
    assert game.state.betting.stake == 2
    assert game.state.to_act == "beijing"
    assert game.state.betting.facing


def test_beijing_cannot_bet_out_of_turn() -> None:
    assert stacked().refused("beijing", Check()) == "not_your_turn"


def test_washington_cannot_play_a_card_it_does_not_hold() -> None:
    game = stacked()
    assert game.refused("washington", PlayCards(cards=["cn_tariff"])) == "not_your_card"
    assert game.refused("washington", PlayCards(cards=["us_tariff", "us_tariff"])) == (
        "card_not_in_hand"
    )
    assert game.refused("washington", PlayCards(cards=["no_such_card"])) == "unknown_card"
    # named past the phase's two cards a turn: still unknown, not too many
    three = PlayCards(cards=["no_such_card"] * 3)
    assert game.refused("washington", three) == "unknown_card"


def test_a_card_whose_requirement_fails_cannot_be_played_face_up() -> None:
    assert stacked().refused("washington", PlayCards(cards=["us_threat"])) == (
        "requirement_not_met"
    )


def test_no_more_cards_than_the_phase_allows_in_one_turn() -> None:
    game = stacked()
    refused = game.refused(
        "washington", PlayCards(cards=["us_tariff", "us_onshoring", "us_concession"])
    )
    assert refused == "too_many_cards"
    game.act("washington", PlayCards(cards=["us_tariff", "us_onshoring"]))
    assert game.state.betting is not None and game.state.betting.stake == 3


def test_a_card_without_bluff_rules_cannot_be_played_face_down() -> None:
    assert stacked().refused("washington", Bluff(card="us_tariff")) == "not_bluffable"


def test_a_bluff_is_hidden_from_the_other_side_but_not_from_the_bluffer() -> None:
    game = stacked()
    game.act("washington", Bluff(card="us_threat"))
    assert game.view("beijing").face_down[0].card is None
    assert game.view("spectator").face_down[0].card is None
    assert game.view("washington").face_down[0].card == "us_threat"
    assert game.view("instructor").face_down[0].card == "us_threat"
    assert game.view("beijing").bluff_slot == game.view("beijing").face_down[0].slot


def test_calling_a_bluff_that_has_the_means_costs_the_caller_the_stake() -> None:
    game = stacked()
    game.act("washington", Bluff(card="us_threat"))
    events = game.act("beijing", CallBluff())
    revealed = [e for e in events if isinstance(e, ev.CardRevealed)]
    assert revealed[0].backed
    assert game.vars["tariff_on_china"] == 100
    assert game.vars["cn_pressure"] == 20
    won = [e for e in events if isinstance(e, ev.HandWon)]
    assert (won[0].side, won[0].how, won[0].stake) == ("washington", "bluff_backed", 3)
    assert game.vars["cn_credibility"] == 47
    assert game.vars["us_leverage"] == 3
    assert game.state.phase == "talks"


def test_calling_a_bluff_without_the_means_costs_the_bluffer() -> None:
    game = stacked()
    game.act("washington", PlayCards(cards=["us_tariff"]))
    game.act("beijing", PlayCards(cards=["cn_tariff"]))
    game.act("washington", Bluff(card="us_threat"))
    assert game.vars["us_capital"] == 1
    events = game.act("beijing", CallBluff())
    assert not next(e for e in events if isinstance(e, ev.CardRevealed)).backed
    assert game.vars["tariff_on_china"] == 30
    assert game.vars["us_credibility"] == 50 - 10 - 5
    assert game.vars["cn_leverage"] == 5
    assert game.state.counters["wins_beijing"] == 1


def test_calling_the_bluff_needs_a_face_down_raise() -> None:
    game = stacked()
    assert game.refused("washington", CallBluff()) == "no_bluff_to_call"
    game.act("washington", PlayCards(cards=["us_tariff"]))
    assert game.refused("beijing", CallBluff()) == "no_bluff_to_call"


def test_two_checks_in_a_row_close_the_betting() -> None:
    game = stacked()
    game.act("washington", Check())
    assert game.state.phase == "betting"
    game.act("beijing", Check())
    assert game.state.phase == "talks"


def test_a_side_facing_a_raise_cannot_check() -> None:
    game = stacked()
    game.act("washington", PlayCards(cards=["us_tariff"]))
    assert game.refused("beijing", Check()) == "must_answer"


def test_nothing_can_be_called_without_a_raise() -> None:
    assert stacked().refused("washington", Call()) == "nothing_to_call"


def test_a_call_closes_the_betting_and_shows_every_face_down_card() -> None:
    game = stacked()
    game.act("washington", Bluff(card="us_threat"))
    events = game.act("beijing", Call())
    assert [e.card for e in events if isinstance(e, ev.CardRevealed)] == ["us_threat"]
    assert game.vars["tariff_on_china"] == 100
    assert game.state.phase == "talks"


def test_folding_concedes_the_stake_to_the_other_side() -> None:
    game = stacked()
    game.act("washington", PlayCards(cards=["us_tariff"]))
    game.act("beijing", Fold())
    assert game.vars["cn_credibility"] == 48
    assert game.vars["us_leverage"] == 2
    assert game.state.counters["folds_beijing"] == 1
    assert game.state.counters["wins_washington"] == 1
    assert game.state.phase == "talks"


def test_a_side_may_raise_only_so_many_times_a_hand() -> None:
    game = stacked()
    game.act("washington", PlayCards(cards=["us_tariff"]))
    game.act("beijing", PlayCards(cards=["cn_tariff"]))
    game.act("washington", PlayCards(cards=["us_onshoring"]))
    game.act("beijing", PlayCards(cards=["cn_tariff"]))
    assert game.refused("washington", PlayCards(cards=["us_concession"])) == "raise_limit"
    game.act("washington", Call())


def test_a_side_past_its_breaking_point_folds_when_its_turn_comes() -> None:
    game = stacked()
    game.act("washington", Check())
    game.state = game.state.model_copy(update={"vars": {**game.vars, "us_pressure": 95}})
    events = game.act("beijing", PlayCards(cards=["cn_tariff"]))
    folded = [e for e in events if isinstance(e, ev.Folded)]
    assert folded == [ev.Folded(side="washington", forced=True)]
    assert game.state.phase == "talks"


@pytest.mark.parametrize(
    ("role", "command", "code"),
    [
        ("treasury", Fold(), "role_not_allowed"),
        ("treasury", Bluff(card="us_threat"), "role_not_allowed"),
        ("commerce", Check(), "unknown_role"),
    ],
)
def test_a_team_role_may_only_take_its_own_actions(role: str, command: Fold, code: str) -> None:
    assert stacked().refused("washington", command, role=role) == code


def test_the_treasury_may_raise_with_a_tariff_but_not_with_the_presidents_card() -> None:
    game = stacked()
    game.state = game.state.model_copy(update={"vars": {**game.vars, "us_capital": 6}})
    refused = game.refused("washington", PlayCards(cards=["us_threat"]), role="treasury")
    assert refused == "role_not_allowed"
    game.act("washington", PlayCards(cards=["us_tariff"]), role="treasury")
    assert game.vars["tariff_on_china"] == 30


def test_the_refusals_of_a_role_and_of_too_many_cards_read_as_sentences() -> None:
    # `brink play` prints these as they are ("the commerce may not talks", "at most 1 cards a
    # turn": a fresh user's probe; the role by its name in the rules: test_role_refusals.py).
    for scenario, role, command, message in (
        ("classroom", "commerce", PassTalks(), "Commerce may not negotiate deals"),
        ("classroom", "commerce", Fold(), "Commerce may not fold"),
    ):
        rules = load_ruleset(RULES_DIR / f"{scenario}.yaml")
        state = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=1))[0]
        error = refusal(rules, state, Seat(side="washington", role=role), command)
        assert error is not None and (error.code, error.message) == ("role_not_allowed", message)
    rules = load_ruleset(RULES_DIR / "intro.yaml")
    state = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=1))[0]
    side = waiting_sides(state)[0]
    hand = state.hands[side].cards
    error = refusal(rules, state, Seat(side=side), PlayCards(cards=hand[:2]))
    assert error is not None and error.code == "too_many_cards"
    assert error.message == "at most 1 card a turn"
