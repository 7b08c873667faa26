"""Random legal games (see test_properties.py): at every state, what `refusal` says of a
command is what `apply` does with it, and a refused command changes nothing."""

from __future__ import annotations

from engine.randomplay import (
    CHOICES,
    PLAY,
    SEEDS,
    _deck,
    each_scenario,
    play,
    rules_of,
    wider_commands,
)
from hypothesis import given

from server.engine import (
    SYSTEM,
    Command,
    EngineError,
    GameState,
    Seat,
    apply,
    refusal,
)
from server.engine.commands import (
    AcceptDeal,
    Bluff,
    Check,
    CounterDeal,
    PlayCards,
    ProposeDeal,
    StartGame,
    TermChoice,
    Timeout,
)
from server.engine.legal import candidates
from server.engine.state import other
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES

# --- refusal agrees with apply ------------------------------------------------------------------


def probes(rules: Ruleset, state: GameState) -> list[tuple[Seat, Command]]:
    """Return commands worth trying now: every candidate of every seat, and some nonsense."""
    seats = [SYSTEM] + [Seat(side=side) for side in SIDES]
    seats += [
        Seat(side=side, role=role.id) for side in SIDES for role in rules.spec.sides[side].roles
    ]
    found = [(seat, command) for seat in seats for command in candidates(rules, state, seat)]
    found += [
        (Seat(side=side), command)
        for side in SIDES
        for command in wider_commands(rules, state, side)
    ]
    term = min(rules.terms)
    low, high = rules.scenario.deal_rounds
    nonsense: list[Command] = [
        StartGame(seed=1),
        Timeout(turn=state.turn),
        Timeout(turn=state.turn + 1),
        Check(),
        PlayCards(cards=["no_such_card"]),
        Bluff(card="no_such_card"),
        AcceptDeal(proposal=state.next_id + 100),
        ProposeDeal(terms=[TermChoice(term="no_such_term")], rounds=low),
        ProposeDeal(terms=[TermChoice(term=term, params={"no_such_param": 1})], rounds=low),
        ProposeDeal(terms=[TermChoice(term=term), TermChoice(term=term)], rounds=low),
        ProposeDeal(terms=[TermChoice(term=term)], rounds=min(high + 1, 30)),
        CounterDeal(proposal=state.next_id - 1, terms=[TermChoice(term=term)], rounds=high),
    ]
    for side in SIDES:
        hand = state.hands[side].cards
        nonsense.append(PlayCards(cards=list(hand[:2])) if hand else Check())
        nonsense.append(PlayCards(cards=[min(_deck(rules, other(side)))]))
    for seat in [SYSTEM, *[Seat(side=side) for side in SIDES], Seat(side="washington", role="x")]:
        found += [(seat, command) for command in nonsense]
    return found


def _applied(rules: Ruleset, state: GameState, seat: Seat, command: Command) -> str | None:
    """Return the code apply() refuses `command` with, or None if it accepts it."""
    try:
        apply(rules, state, seat, command)
    except EngineError as error:
        return error.code
    return None


def check_refusals(rules: Ruleset, state: GameState) -> None:
    """Assert that refusal() says no exactly when apply() raises, with the same code."""
    before = state.model_copy(deep=True)
    for seat, command in probes(rules, state):
        said = refusal(rules, state, seat, command)
        done = _applied(rules, state, seat, command)
        assert (said.code if said else None) == done, (
            f"{seat!r} {command!r}: refusal() says {said}, apply() says {done or 'accepted'}"
        )
    assert state == before, "trying commands changed the state they were tried on"


@each_scenario
@given(seed=SEEDS, choices=CHOICES)
@PLAY
def test_refusal_agrees_with_apply_and_a_refused_command_changes_nothing(
    name: str, seed: int, choices: list[int]
) -> None:
    rules = rules_of(name)
    play(rules, seed, choices, before_each=lambda state: check_refusals(rules, state))
