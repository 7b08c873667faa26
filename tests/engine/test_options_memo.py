"""A room's options reuse the answers to offers of deal terms from earlier states of its game
where what those checks read is the same (legal._offer_reads): state after state of games full
of talks — proposals, counters, withdrawals, deals struck, the instructor's news — they must be
exactly what the same state's options worked out afresh say, for every seat and role."""

from __future__ import annotations

import random
from typing import Any

import pytest
from engine.test_options_checks import seats
from helpers import RULES_DIR, table

from server.engine import SYSTEM, Command, Seat, apply, initial_state
from server.engine.commands import INSTRUCTOR, InjectNews, StartGame, Timeout
from server.engine.legal import Probe, legal_commands, options
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset

SCENARIOS = ["intro", "classroom", "full_2025"]
TALKING = {"propose", "counter", "withdraw", "accept", "reject"}


def rulesets() -> list[Ruleset]:
    return [table(), *(load_ruleset(RULES_DIR / f"{name}.yaml") for name in SCENARIOS)]


def a_move(rules: Ruleset, chooser: random.Random, moves: list[tuple[Seat, Command]]) -> Any:
    """A random move, the talks' own (anything but a pass) four times out of five when there
    are any, now and then the instructor's news or a timeout."""
    talking = [move for move in moves if move[1].type in TALKING]
    if talking and chooser.random() < 0.8:
        return chooser.choice(talking)
    news = sorted(rules.scenario.news_deck)
    if news and chooser.random() < 0.05:
        return INSTRUCTOR, InjectNews(news=chooser.choice(news))
    return chooser.choice(moves) if moves else None


@pytest.mark.parametrize("rules", rulesets(), ids=["table", *SCENARIOS])
def test_remembered_offers_are_what_fresh_options_say(rules: Ruleset) -> None:
    chooser = random.Random(f"memo-{rules.id}")
    everyone = seats(rules)
    compared = 0
    for game in range(20):
        state = initial_state(rules)
        state, _ = apply(rules, state, SYSTEM, StartGame(seed=game))
        chained: Probe | None = None
        for _ in range(300):
            chained = Probe(rules, state, chained)
            # A room works them out only when a seat of a side it waits for is there to see.
            if chooser.random() < 0.5:
                for seat in everyone:
                    fresh = options(rules, state, seat)
                    assert options(rules, state, seat, chained) == fresh, seat
                compared += state.talks is not None and not state.talks.closed
            if state.finished:
                break
            moves = [(s, c) for s in everyone[2:] for c in legal_commands(rules, state, s)]
            move = a_move(rules, chooser, moves)
            if move is None or chooser.random() < 0.02:
                move = (SYSTEM, Timeout(turn=state.turn))
            try:
                state, _ = apply(rules, state, *move)
            except Exception:  # news the state refuses now (a finished game): a timeout then
                state, _ = apply(rules, state, SYSTEM, Timeout(turn=state.turn))
    assert compared > 100  # the talks were open in many of the states compared


def test_news_in_the_talks_changes_the_terms_on_offer_at_once() -> None:
    """The instructor's news changes the variables a term's `requires` reads: the answers kept
    from before it must not serve after it (the truce made to need a market above 99, and the
    markets rallying mid-talks)."""
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    needs = {"requires": "us_market > 99"}
    terms = [
        t.model_copy(update=needs) if t.id == "tariff_truce" else t for t in rules.spec.deal_terms
    ]
    rules = Ruleset(rules.spec.model_copy(update={"deal_terms": terms}))
    washington = Seat(side="washington")
    state, _ = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=3))
    while state.talks is None or state.talks.closed:  # check and call up to the talks
        seat = Seat(side=state.to_act or "washington")
        legal = {c.type: c for c in legal_commands(rules, state, seat)}
        state, _ = apply(rules, state, seat, legal.get("check") or legal["call"])
    before = Probe(rules, state)
    offered = options(rules, state, washington, before).terms
    rally = InjectNews(text="Markets rally", effects=["markets_rally"])
    after, _ = apply(rules, state, INSTRUCTOR, rally)
    fresh = options(rules, after, washington)
    assert fresh.terms["tariff_truce"] is None and offered["tariff_truce"] is not None
    assert options(rules, after, washington, Probe(rules, after, before)) == fresh
