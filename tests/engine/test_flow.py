"""Rounds, resolution, timeouts, simultaneous betting and the end of the game."""

from __future__ import annotations

import pytest
from helpers import DECKS, Game, stacked, table

from server.engine import SYSTEM, MalformedCommand, Ruleset
from server.engine import events as ev
from server.engine.commands import (
    AcceptDeal,
    Bluff,
    Call,
    Check,
    Fold,
    PassTalks,
    PlayCards,
    ProposeDeal,
    StartGame,
    TermChoice,
    Timeout,
)
from server.ruleset.schema import RuleFile


def finish_hand(game: Game) -> None:
    """Check through the betting and pass the talks."""
    if game.state.phase == "betting":
        assert game.state.to_act is not None
        game.act(game.state.to_act, Check())
        assert game.state.to_act is not None
        game.act(game.state.to_act, Check())
    game.act("washington", PassTalks())
    game.act("beijing", PassTalks())


def test_rare_earth_controls_drain_the_us_magnet_stockpile_each_hand() -> None:
    game = stacked()
    game.act("washington", Check())
    game.act("beijing", PlayCards(cards=["cn_ree"]))
    game.act("washington", Call())
    finish_hand_talks(game)
    assert game.vars["us_magnets"] == 2
    finish_hand(game)
    assert game.vars["us_magnets"] == 0
    assert game.vars["us_pressure"] == 15 + 20


def finish_hand_talks(game: Game) -> None:
    game.act("washington", PassTalks())
    game.act("beijing", PassTalks())


def test_a_lasting_card_ticks_for_its_rounds_then_ends() -> None:
    game = stacked()
    game.act("washington", PlayCards(cards=["us_onshoring"]))
    game.act("beijing", Call())
    assert [item.card for item in game.state.lasting] == ["us_onshoring"]
    finish_hand_talks(game)
    assert game.vars["us_magnets"] == 5
    finish_hand(game)
    assert game.vars["us_magnets"] == 6
    assert game.state.lasting == ()


def test_a_deal_ticks_each_hand_and_its_end_effects_apply_when_it_expires() -> None:
    game = stacked()
    game.act("washington", Check())
    game.act("beijing", Check())
    game.act("washington", ProposeDeal(terms=[TermChoice(term="truce")], rounds=1))
    assert game.state.talks is not None and game.state.talks.proposal is not None
    game.act("beijing", AcceptDeal(proposal=game.state.talks.proposal.id))
    events = game.act("washington", PassTalks()) + game.act("beijing", PassTalks())
    assert any(isinstance(e, ev.DealExpired) for e in events)
    assert game.vars["us_pressure"] == 15 - 1 + 3
    assert game.state.deals == ()


def test_each_hand_draws_one_card_up_to_the_hand_size() -> None:
    game = stacked()
    game.act("washington", PlayCards(cards=["us_tariff"]))
    game.act("beijing", Call())
    finish_hand_talks(game)
    assert game.state.round == 2
    assert game.state.hands["washington"].cards[-1] == "us_tariff"
    assert len(game.state.hands["washington"].cards) == 4
    assert len(game.state.hands["beijing"].cards) == 4


def test_the_game_ends_after_the_last_hand_with_an_outcome_and_scores() -> None:
    game = stacked()
    for _ in range(3):
        finish_hand(game)
    assert game.state.finished
    assert game.state.outcome == "standoff"
    names = {**game.vars}
    assert game.state.scores["beijing"] == (
        names["cn_leverage"] + names["cn_credibility"] - names["cn_pressure"] + 10
    )
    assert game.state.objectives_met == {"washington": True, "beijing": True}
    assert game.refused("washington", Check()) == "game_over"


def test_a_side_breaking_ends_the_game_early() -> None:
    game = stacked()
    game.act("washington", Check())
    game.act("beijing", Check())
    game.state = game.state.model_copy(update={"vars": {**game.vars, "us_pressure": 99}})
    finish_hand_talks(game)
    assert game.state.outcome is None
    game.state = game.state.model_copy(update={"vars": {**game.vars, "us_pressure": 100}})
    finish_hand(game)
    assert game.state.outcome == "us_breaks"
    assert game.state.round == 2


def test_only_the_server_starts_a_game_and_only_once() -> None:
    game = stacked()
    assert game.refused("washington", StartGame(seed=3)) == "not_system"
    start = StartGame(seed=3)
    assert game.refused("system", start) == "already_started"


def test_a_stacked_deck_must_hold_exactly_the_scenario_cards() -> None:
    bad = {**DECKS, "washington": [*DECKS["washington"][:-1], "us_threat"]}
    with pytest.raises(MalformedCommand) as refused:
        Game(table(), decks=bad)
    assert refused.value.code == "bad_deck"


def test_a_timeout_applies_the_default_action_exactly_once() -> None:
    game = stacked()
    turn = game.state.turn
    events = game.act_as(SYSTEM, Timeout(turn=turn))
    assert game.types(events)[:2] == ["timed_out", "checked"]
    assert game.state.to_act == "beijing"
    assert game.refused("system", Timeout(turn=turn)) == "stale_timeout"


def test_a_timeout_facing_a_raise_calls() -> None:
    game = stacked()
    game.act("washington", PlayCards(cards=["us_tariff"]))
    events = game.act_as(SYSTEM, Timeout(turn=game.state.turn))
    assert "called" in game.types(events)
    assert game.state.phase == "talks"


def test_a_timeout_in_talks_passes_for_whoever_has_not() -> None:
    game = stacked()
    game.act("washington", Check())
    game.act("beijing", Check())
    game.act("washington", PassTalks())
    events = game.act_as(SYSTEM, Timeout(turn=game.state.turn))
    timed_out = next(e for e in events if isinstance(e, ev.TimedOut))
    assert timed_out.sides == ["beijing"]
    assert game.state.round == 2


def test_players_cannot_send_timeouts() -> None:
    game = stacked()
    assert game.refused("washington", Timeout(turn=game.state.turn)) == "not_system"


def simultaneous() -> Ruleset:
    rules = table()
    assert rules.spec.scenario is not None
    phases = [
        phase.model_copy(update={"mode": "simultaneous"}) if phase.kind == "betting" else phase
        for phase in rules.spec.scenario.phases
    ]
    scenario = rules.spec.scenario.model_copy(update={"phases": phases})
    return Ruleset(RuleFile.model_validate(rules.spec.model_copy(update={"scenario": scenario})))


def test_in_simultaneous_betting_a_choice_stays_secret_until_both_have_chosen() -> None:
    game = Game(simultaneous(), decks=DECKS)
    assert game.state.to_act is None
    game.act("washington", PlayCards(cards=["us_tariff"]))
    assert game.vars["tariff_on_china"] == 0
    assert game.view("beijing").sides["washington"].submitted
    assert game.refused("washington", Check()) == "already_acted"
    events = game.act("beijing", Bluff(card="cn_ree"))
    assert game.vars["tariff_on_china"] == 30
    revealed = [e for e in events if isinstance(e, ev.CardRevealed)]
    assert [(e.card, e.backed) for e in revealed] == [("cn_ree", True)]
    assert game.state.phase == "talks"


def test_in_simultaneous_betting_a_lone_fold_concedes_the_stake() -> None:
    game = Game(simultaneous(), decks=DECKS)
    game.act("beijing", Fold())
    game.act("washington", PlayCards(cards=["us_tariff"]))
    assert game.state.counters["wins_washington"] == 1
    assert game.vars["us_leverage"] == 2


def test_in_simultaneous_betting_there_is_nothing_to_call() -> None:
    game = Game(simultaneous(), decks=DECKS)
    assert game.refused("washington", Call()) == "nothing_to_call"
