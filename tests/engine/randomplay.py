"""Random legal games for the property tests (tests/engine/test_properties*.py; how a game
is drawn: test_properties.py's docstring): the scenarios, the hypothesis settings, and
`play`, which plays one game to its end."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

import pytest
from helpers import RULES_DIR, TABLE
from hypothesis import HealthCheck, currently_in_test_context, note, settings
from hypothesis import strategies as st

from server.engine import (
    COMMANDS,
    SYSTEM,
    Command,
    GameState,
    Seat,
    Viewer,
    apply,
    initial_state,
    legal_commands,
    refusal,
)
from server.engine import events as ev
from server.engine.commands import (
    CounterDeal,
    PlayCards,
    ProposeDeal,
    StartGame,
    TermChoice,
    Timeout,
)
from server.engine.rng import Rng
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

MAX_ACTIONS = 2000
SCENARIOS = {path.stem: path for path in [*sorted(RULES_DIR.glob("*.yaml")), TABLE]}
LIMITED: tuple[Viewer, ...] = ("washington", "beijing", "spectator")

# No example database: a failure prints the seed and choices that reproduce it. On CI the
# examples are derandomized, so a red build is the same red build on every rerun. For a deeper
# search, set BRINK_PROPERTY_EXAMPLES (e.g. 2000) in the environment.
PLAY = settings(
    max_examples=int(os.environ.get("BRINK_PROPERTY_EXAMPLES", "50")),
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
SEEDS = st.integers(min_value=0, max_value=2**63 - 1)
CHOICES = st.lists(st.integers(min_value=0, max_value=10**6), max_size=200)


@cache
def rules_of(name: str) -> Ruleset:
    return load_ruleset(SCENARIOS[name])


each_scenario = pytest.mark.parametrize("name", sorted(SCENARIOS))


@dataclass
class Playthrough:
    """A random game: each command with the events it caused, and the state after it."""

    rules: Ruleset
    commands: list[tuple[Seat, Command]] = field(default_factory=list)
    events: list[list[ev.Event]] = field(default_factory=list)
    states: list[GameState] = field(default_factory=list)

    @property
    def log(self) -> list[ev.Event]:
        return [event for caused in self.events for event in caused]

    @property
    def final(self) -> GameState:
        return self.states[-1]


def _indices(seed: int, choices: list[int]) -> Iterator[int]:
    yield from choices
    rng = Rng(seed ^ 0x5EED)
    while True:
        yield rng.below(10**6 + 1)


def wider_commands(rules: Ruleset, state: GameState, side: Side) -> list[Command]:
    """Return commands `candidates` leaves out: two cards at once, deals of two terms, deals at
    the bounds of their parameters and lengths (legal or not)."""
    found: list[Command] = []
    if state.betting is not None and not state.betting.closed:
        cards = state.hands[side].cards
        found += [PlayCards(cards=[a, b]) for i, a in enumerate(cards) for b in cards[i + 1 :]]
    elif state.talks is not None and not state.talks.closed:
        low, high = rules.scenario.deal_rounds
        offers = [
            [TermChoice(term=term.id, params={n: p.min for n, p in term.params.items()})]
            for term in rules.terms.values()
        ]
        offers += [
            [TermChoice(term=term.id, params={n: p.max for n, p in term.params.items()})]
            for term in rules.terms.values()
        ]
        terms = sorted(rules.terms)
        offers += [[TermChoice(term=a), TermChoice(term=b)] for a, b in itertools.pairwise(terms)]
        proposal = state.talks.proposal
        for terms_offered, rounds in zip(offers, itertools.cycle((low, high)), strict=False):
            if proposal is None:
                found.append(ProposeDeal(terms=terms_offered, rounds=rounds))
            else:
                found.append(CounterDeal(proposal=proposal.id, terms=terms_offered, rounds=rounds))
    return found


def _seats(rules: Ruleset, side: Side) -> list[Seat]:
    return [Seat(side=side, role=role.id) for role in rules.spec.sides[side].roles]


def next_move(rules: Ruleset, state: GameState, choice: int) -> tuple[Seat, Command]:
    """Return the move `choice` picks: a legal command of a side that can move, or a timeout.

    The choice's digits say who moves first when both may, whether to play as one of the side's
    team roles or to try a wider command, and which of the options to take."""
    sides: list[Side] = [state.to_act] if state.to_act is not None else list(SIDES)
    if choice % 2:
        sides.reverse()
    variant, pick = (choice // 2) % 4, choice // 8
    options: list[tuple[Seat, Command]] = []
    for side in sides:
        seat = Seat(side=side)
        options = [(seat, command) for command in legal_commands(rules, state, seat)]
        if options:
            break
    assert options, f"nobody can move in phase {state.phase!r} of hand {state.round}"
    roles = _seats(rules, side)
    if variant == 0 and roles:
        role = roles[pick % len(roles)]
        options = [(role, command) for command in legal_commands(rules, state, role)] or options
    elif variant == 1:
        wider = wider_commands(rules, state, side)
        legal = [c for c in wider if refusal(rules, state, seat, c) is None]
        options = [(seat, command) for command in legal] or options
    options.append((SYSTEM, Timeout(turn=state.turn)))
    return options[pick % len(options)]


def play(
    rules: Ruleset,
    seed: int,
    choices: list[int],
    before_each: Callable[[GameState], None] | None = None,
) -> Playthrough:
    """Return a finished random game; `before_each` sees every state a command is tried on."""
    game = Playthrough(rules)
    state = initial_state(rules)
    if before_each is not None:
        before_each(state)
    move: tuple[Seat, Command] = (SYSTEM, StartGame(seed=seed))
    indices = _indices(seed, choices)
    try:
        while True:
            game.commands.append(move)
            state, caused = apply(rules, state, *move)
            game.events.append(caused)
            game.states.append(state)
            if before_each is not None:
                before_each(state)
            if state.finished:
                return game
            assert len(game.commands) < MAX_ACTIONS, f"no end after {MAX_ACTIONS} commands"
            move = next_move(rules, state, next(indices))
    finally:
        if currently_in_test_context():
            note(_describe(game))


def _describe(game: Playthrough) -> str:
    lines = [
        f"{seat.model_dump_json(exclude_none=True)} {COMMANDS.dump_json(command).decode()}"
        for seat, command in game.commands
    ]
    return "commands played:\n" + "\n".join(lines)


def _deck(rules: Ruleset, side: Side) -> set[str]:
    return set(getattr(rules.scenario.decks, side))
