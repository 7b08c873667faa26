"""What the planner's tracker works out of the other side's hidden variables is exact wherever
the public rules and the events shown to its seat determine it: a stockpile changed by a
lasting card or a deal's terms in the resolution, and the cost of a card laid face down when
only one card of its deck could be it."""

from __future__ import annotations

import pytest
from helpers import RULES_DIR, Game

from server.bots.belief import Tracker
from server.bots.planner import random_command
from server.engine import apply, redact, view
from server.engine.rng import Rng
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side


def tracked(rules: Ruleset, seed: int, me: Side) -> tuple[dict[str, int], dict[str, int]]:
    """Play a game at random; return the tracker's estimates at its end, and the truth."""
    game = Game(rules, seed=seed)
    state, rng = game.state, Rng(seed)
    tracker = Tracker(me)
    tracker.observe(e for e in (redact(rules, e, me) for e in game.log) if e is not None)
    while not state.finished:
        move = random_command(rules, state, rng)
        assert move is not None
        state, events = apply(rules, state, *move)
        tracker.observe(e for e in (redact(rules, e, me) for e in events) if e is not None)
    tracker.update(rules, view(rules, state, me))
    hidden = {k: v for k, v in state.vars.items() if rules.scopes[k] not in ("public", me)}
    return tracker.estimates, hidden


@pytest.mark.parametrize("me", SIDES)
def test_the_stockpiles_follow_lasting_cards_and_deals_in_the_resolution(me: Side) -> None:
    # full_2025: Made in China 2025 raises the chip capacity in the resolution before the chips
    # are counted; deals' terms act on the hand's resolution and end with `on_end`.
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    capitals = {rules.spec.sides[side].capital for side in SIDES}
    for seed in range(40):
        estimates, truth = tracked(rules, seed, me)
        stock = {k: v for k, v in truth.items() if k not in capitals}
        assert {k: estimates[k] for k in stock} == stock, f"seed {seed}"


@pytest.mark.parametrize("me", SIDES)
def test_a_card_face_down_costs_what_the_only_card_it_can_be_costs(me: Side) -> None:
    # intro deals each side one card it may bluff with (the library has three a side, of other
    # costs): a card laid face down and folded away is that one, whatever the library holds.
    rules = load_ruleset(RULES_DIR / "intro.yaml")
    for seed in range(40):
        estimates, truth = tracked(rules, seed, me)
        assert estimates == truth, f"seed {seed}"
