"""`options`: every action a seat could take now, each with None or the engine's reason."""

from __future__ import annotations

from helpers import stacked
from hypothesis import given, settings
from hypothesis import strategies as st

from server.engine.commands import (
    Check,
    PlayCards,
    ProposeDeal,
    Seat,
    TermChoice,
)
from server.engine.decide import refusal
from server.engine.legal import Refused, legal_commands, options
from server.ruleset.schema import SIDES


def codes(found: dict[str, Refused | None]) -> dict[str, str | None]:
    return {key: None if value is None else value.code for key, value in found.items()}


def test_washington_opening_may_check_fold_and_play_what_it_can_afford() -> None:
    game = stacked()
    seen = options(game.rules, game.state, Seat(side="washington"))
    assert codes(seen.actions) == {
        "check": None,
        "call": "nothing_to_call",
        "call_bluff": "no_bluff_to_call",
        "fold": None,
        "pass": "wrong_phase",
        "accept": "wrong_phase",
        "reject": "wrong_phase",
        "withdraw": "wrong_phase",
    }
    assert set(seen.play) == {"us_tariff", "us_threat", "us_onshoring", "us_concession"}
    assert seen.play["us_tariff"] is None
    threat = seen.play["us_threat"]
    assert threat is not None and threat.code == "requirement_not_met"
    assert "us_capital >= 5" in threat.message


def test_the_side_not_to_act_is_told_it_is_not_its_turn() -> None:
    game = stacked()
    seen = options(game.rules, game.state, Seat(side="beijing"))
    assert set(codes(seen.play).values()) == {"not_your_turn"}
    assert codes(seen.actions)["check"] == "not_your_turn"


def test_facing_a_raise_check_is_refused_with_must_answer() -> None:
    game = stacked()
    game.act("washington", PlayCards(cards=["us_tariff"]))
    seen = options(game.rules, game.state, Seat(side="beijing"))
    assert codes(seen.actions)["check"] == "must_answer"
    assert seen.actions["call"] is None
    assert codes(seen.actions)["call_bluff"] == "no_bluff_to_call"


def test_a_role_sees_what_its_role_may_not_do() -> None:
    game = stacked()
    seen = options(game.rules, game.state, Seat(side="washington", role="treasury"))
    assert codes(seen.actions)["fold"] == "role_not_allowed"
    assert codes(seen.play)["us_threat"] == "role_not_allowed"


def test_in_talks_a_proposal_from_the_other_side_can_be_accepted_or_countered() -> None:
    game = stacked()
    game.act("washington", Check())
    game.act("beijing", Check())
    game.act("beijing", ProposeDeal(terms=[TermChoice(term="truce")], rounds=2))
    mine = options(game.rules, game.state, Seat(side="beijing"))
    theirs = options(game.rules, game.state, Seat(side="washington"))
    assert mine.actions["withdraw"] is None
    assert codes(mine.actions)["accept"] == "own_proposal"
    assert theirs.actions["accept"] is None
    assert theirs.actions["withdraw"] is not None
    assert set(theirs.terms) == set(game.rules.terms)
    assert set(codes(theirs.play).values()) == {"wrong_phase"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=50), max_size=12))
def test_options_agree_with_refusal_and_legal_commands(choices: list[int]) -> None:
    game = stacked()
    for choice in choices:
        for side in SIDES:
            seat = Seat(side=side)
            seen = options(game.rules, game.state, seat)
            for card, why in seen.play.items():
                error = refusal(game.rules, game.state, seat, PlayCards(cards=[card]))
                assert (why and why.code) == (error and error.code)
            legal = legal_commands(game.rules, game.state, seat)
            plays = {c.cards[0] for c in legal if isinstance(c, PlayCards)}
            assert plays == {card for card, why in seen.play.items() if why is None}
        moves = [
            (side, command)
            for side in SIDES
            for command in legal_commands(game.rules, game.state, Seat(side=side))
        ]
        if not moves:
            break
        side, command = moves[choice % len(moves)]
        game.act(side, command)
