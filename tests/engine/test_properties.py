"""Random legal games on every scenario: they end, replay, round-trip and never leak.

A game is drawn as a seed for StartGame and a list of choice indices. At each step the next index
picks who moves (when both sides may, as in talks or simultaneous betting) and which of that
side's legal commands it sends: sometimes as one of the side's team roles, sometimes a legal
command wider than `legal_commands` offers (two cards at once, a deal of two terms, parameters at
their bounds); a server timeout is always among the options. When the list runs out, the indices
continue from a generator seeded by the game's seed, so a short list still plays a varied game to
its end, and any failure is reproducible from the seed and the list.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from helpers import RULES_DIR, TABLE
from hypothesis import HealthCheck, currently_in_test_context, given, note, settings
from hypothesis import strategies as st

from server.engine import (
    COMMANDS,
    EVENT_LIST,
    EVENTS,
    SYSTEM,
    VIEWERS,
    Command,
    EngineError,
    GameState,
    Seat,
    View,
    Viewer,
    apply,
    initial_state,
    legal_commands,
    redact,
    refusal,
    replay,
    view,
)
from server.engine import events as ev
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
from server.engine.rng import Rng
from server.engine.state import other
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


@each_scenario
@given(seed=SEEDS, choices=CHOICES)
@PLAY
def test_every_random_game_ends_within_the_scenarios_hands(
    name: str, seed: int, choices: list[int]
) -> None:
    rules = rules_of(name)
    game = play(rules, seed, choices)
    assert all(1 <= state.round <= rules.scenario.rounds for state in game.states)
    assert game.final.outcome in rules.outcomes
    assert set(game.final.scores) == set(SIDES)
    assert isinstance(game.log[-1], ev.GameEnded)


@each_scenario
@given(seed=SEEDS, choices=CHOICES)
@PLAY
def test_no_variable_leaves_its_bounds_and_no_hand_outgrows_its_size(
    name: str, seed: int, choices: list[int]
) -> None:
    rules = rules_of(name)
    game = play(rules, seed, choices)
    specs = rules.spec.variables
    for state in game.states:
        outside = {k: v for k, v in state.vars.items() if not specs[k].min <= v <= specs[k].max}
        assert not outside, f"out of bounds after event {state.seq}: {outside}"
        for side in SIDES:
            assert len(state.hands[side].cards) <= rules.scenario.hand_size
        assert all(count >= 0 for count in state.counters.values())


@each_scenario
@given(seed=SEEDS, choices=CHOICES)
@PLAY
def test_replaying_the_event_log_rebuilds_the_live_state(
    name: str, seed: int, choices: list[int]
) -> None:
    rules = rules_of(name)
    game = play(rules, seed, choices)
    assert replay(initial_state(rules), game.log) == game.final
    stored = EVENT_LIST.validate_json(EVENT_LIST.dump_json(game.log))
    assert replay(initial_state(rules), stored) == game.final
    state = initial_state(rules)
    for (seat, command), caused in zip(game.commands, game.events, strict=True):
        state, again = apply(rules, state, seat, command)
        assert again == caused, "the same command on the same state must cause the same events"


# --- views --------------------------------------------------------------------------------------

# Events that show a card face up to everyone: these may name the other side's cards.
SHOWN = (ev.CardPlayed, ev.CardRevealed, ev.LastingEffectEnded, ev.DealBroken)


def _deck(rules: Ruleset, side: Side) -> set[str]:
    return set(getattr(rules.scenario.decks, side))


def _named(text: str, cards: set[str]) -> set[str]:
    return {card for card in cards if json.dumps(card) in text}


def _hidden_from(viewer: Viewer) -> list[Side]:
    """Return the sides whose secrets `viewer` may not see."""
    return [] if viewer == "instructor" else [side for side in SIDES if side != viewer]


def check_view(rules: Ruleset, state: GameState, viewer: Viewer) -> View:
    """Assert that `viewer`'s view holds nothing of what the sides it may not see keep hidden."""
    seen = view(rules, state, viewer)
    scopes = {name: spec.scope for name, spec in rules.spec.variables.items()}
    assert set(seen.public) == {name for name, scope in scopes.items() if scope == "public"}
    for side in _hidden_from(viewer):
        theirs = seen.sides[side]
        assert theirs.hand is None, f"{viewer} sees {side}'s hand"
        assert theirs.private is None, f"{viewer} sees {side}'s private variables"
        if not state.finished:
            assert theirs.objective is None, f"{viewer} sees {side}'s secret objective"
        shown = [down.card for down in seen.face_down if down.side == side and down.card]
        assert not shown, f"{viewer} sees {side}'s face-down {shown}"
        # Face-up cards in force are public; nowhere else may the view name a card of that side.
        text = seen.model_dump_json(exclude={"lasting"})
        assert not _named(text, _deck(rules, side)), f"{viewer}'s view names {side}'s cards"
    for side in SIDES:
        if side == viewer:
            assert seen.sides[side].hand == list(state.hands[side].cards)
    return seen


def check_redacted(rules: Ruleset, caused: list[ev.Event], viewer: Viewer) -> list[ev.Event]:
    """Assert that one command's events, as `viewer` gets them, keep the other side's secrets."""
    shown = {e.card for e in caused if isinstance(e, ev.CardPlayed | ev.CardRevealed)}
    scopes = {name: spec.scope for name, spec in rules.spec.variables.items()}
    out: list[ev.Event] = []
    for event in caused:
        seen = redact(rules, event, viewer)
        if seen is None:
            continue
        out.append(seen)
        assert not isinstance(seen, ev.DecksShuffled), f"{viewer} sees the deck order"
        if isinstance(seen, ev.GameStarted):
            assert seen.seed is None, f"{viewer} sees the seed, which reveals every shuffle"
        if isinstance(seen, ev.ObjectivesDealt):
            assert set(seen.objectives) <= {viewer}, f"{viewer} sees {seen.objectives}"
        if isinstance(seen, ev.VariablesChanged):
            private = [name for name in seen.values if scopes[name] not in ("public", viewer)]
            assert not private, f"{viewer} sees the private {private}"
        for side in _hidden_from(viewer):
            if isinstance(seen, ev.CardsDrawn) and seen.side == side:
                assert seen.cards == [], f"{viewer} sees {side} draw {seen.cards}"
                assert seen.count == event.count  # type: ignore[union-attr]
            if isinstance(seen, ev.CardPlayedFaceDown) and seen.side == side:
                assert seen.card is None, f"{viewer} sees {side}'s face-down {seen.card}"
            if isinstance(seen, ev.ActionSubmitted) and seen.side == side:
                assert seen.action is None, f"{viewer} sees {side}'s secret {seen.action!r}"
            if isinstance(seen, SHOWN):
                continue
            named = _named(seen.model_dump_json(), _deck(rules, side))
            # A change's cause may name a card shown by the same command (its cost or effect).
            assert named <= (shown if isinstance(seen, ev.VariablesChanged) else set()), (
                f"{viewer} learns {side}'s {sorted(named)} from {seen!r}"
            )
    return out


@each_scenario
@given(seed=SEEDS, choices=CHOICES)
@PLAY
def test_no_player_or_spectator_sees_what_the_other_side_hides(
    name: str, seed: int, choices: list[int]
) -> None:
    rules = rules_of(name)
    game = play(rules, seed, choices)
    for state, caused in zip(game.states, game.events, strict=True):
        for viewer in LIMITED:
            check_view(rules, state, viewer)
            check_redacted(rules, caused, viewer)


def test_a_side_is_hidden_from_the_other_and_from_spectators_but_not_the_instructor() -> None:
    assert _hidden_from("washington") == ["beijing"]
    assert _hidden_from("spectator") == ["washington", "beijing"]
    assert _hidden_from("instructor") == []


# --- serialisation ------------------------------------------------------------------------------


@each_scenario
@given(seed=SEEDS, choices=CHOICES)
@PLAY
def test_every_command_event_and_view_round_trips_through_json(
    name: str, seed: int, choices: list[int]
) -> None:
    rules = rules_of(name)
    game = play(rules, seed, choices)
    for seat, command in game.commands:
        assert COMMANDS.validate_json(COMMANDS.dump_json(command)) == command
        assert Seat.model_validate_json(seat.model_dump_json()) == seat
    for event in game.log:
        assert EVENTS.validate_json(EVENTS.dump_json(event)) == event
        for viewer in LIMITED:
            seen = redact(rules, event, viewer)
            if seen is not None:
                assert EVENTS.validate_json(EVENTS.dump_json(seen)) == seen
    for state in [*game.states[:: max(1, len(game.states) // 8)], game.final]:
        assert GameState.model_validate_json(state.model_dump_json()) == state
        for viewer in VIEWERS:
            seen_state = view(rules, state, viewer)
            assert View.model_validate_json(seen_state.model_dump_json()) == seen_state


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


def test_a_game_is_reproducible_from_its_seed_and_choices() -> None:
    rules = rules_of("intro")
    first = play(rules, 7, [3, 1, 4, 1, 5])
    assert play(rules, 7, [3, 1, 4, 1, 5]).log == first.log
    assert play(rules, 8, [3, 1, 4, 1, 5]).log != first.log


def test_the_scenarios_played_are_every_rule_file_and_the_test_table() -> None:
    assert {"intro", "classroom", "full_2025", "table"} <= set(SCENARIOS)
    assert all(isinstance(path, Path) and path.exists() for path in SCENARIOS.values())
