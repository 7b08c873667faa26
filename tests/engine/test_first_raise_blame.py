"""The blame for raising first in a hand (`first_raise_blame`: leverage the other side wins) is
paid once, however many cards the opening raise plays: with three cards a turn (full_2025), an
opening raise of three cards gave the other side three times the blame (each card's effects were
applied at stake 1). On the real rules and decks."""

from __future__ import annotations

from itertools import combinations

from helpers import RULES_DIR

from server.engine import SYSTEM, Seat, apply, initial_state, refusal
from server.engine.commands import PlayCards, StartGame
from server.engine.state import GameState
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset

LEVERAGE = {"washington": "cn_leverage", "beijing": "us_leverage"}  # who wins the blame


def _opening(rules: Ruleset) -> tuple[GameState, str, list[str]]:
    """A state where the side to act opens the hand's betting, with as many cards as it may
    play together at once (the most found over the first seeds)."""
    best: tuple[GameState, str, list[str]] | None = None
    for seed in range(40):
        state = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=seed))[0]
        assert state.betting is not None and state.betting.stake == 1 and state.to_act
        side = state.to_act
        hand = state.hands[side].cards
        for size in (3, 2):
            for cards in combinations(hand, size):
                if refusal(rules, state, Seat(side=side), PlayCards(cards=list(cards))) is None:
                    if best is None or len(cards) > len(best[2]):
                        best = (state, side, list(cards))
                    break
            if best is not None and len(best[2]) == 3:
                return best
    assert best is not None and len(best[2]) >= 2, "no opening of several cards found"
    return best


def _won(rules: Ruleset, state: GameState, side: str, cards: list[str], blame: int) -> int:
    """The other side's leverage won by `side`'s raise with `cards`, the blame set to `blame`."""
    state = state.model_copy(update={"vars": {**state.vars, "first_raise_blame": blame}})
    after = apply(rules, state, Seat(side=side), PlayCards(cards=cards))[0]
    return after.vars[LEVERAGE[side]] - state.vars[LEVERAGE[side]]


def test_an_opening_raise_of_several_cards_pays_the_blame_once() -> None:
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")  # its betting takes turns, 3 cards a turn
    state, side, cards = _opening(rules)
    blame = 3
    with_blame = _won(rules, state, side, cards, blame)
    without = _won(rules, state, side, cards, 0)
    assert with_blame - without == blame, (side, cards, with_blame, without)
