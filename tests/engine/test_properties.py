"""Random legal games on every scenario: they end, replay, round-trip and never leak.

A game is drawn as a seed for StartGame and a list of choice indices. At each step the next index
picks who moves (when both sides may, as in talks or simultaneous betting) and which of that
side's legal commands it sends: sometimes as one of the side's team roles, sometimes a legal
command wider than `legal_commands` offers (two cards at once, a deal of two terms, parameters at
their bounds); a server timeout is always among the options. When the list runs out, the indices
continue from a generator seeded by the game's seed, so a short list still plays a varied game to
its end, and any failure is reproducible from the seed and the list.

Here: games end, stay in bounds, replay and round-trip. What each viewer sees:
test_properties_views.py; refusal agreeing with apply: test_properties_refusals.py; the games
themselves: randomplay.py.
"""

from __future__ import annotations

from pathlib import Path

from engine.randomplay import (
    CHOICES,
    LIMITED,
    PLAY,
    SCENARIOS,
    SEEDS,
    each_scenario,
    rules_of,
)
from engine.randomplay import (
    play as play,  # also imported from here (tests/client/test_passed_options.py)
)
from hypothesis import given

from server.engine import (
    COMMANDS,
    EVENT_LIST,
    EVENTS,
    VIEWERS,
    GameState,
    Seat,
    View,
    apply,
    initial_state,
    redact,
    replay,
    view,
)
from server.engine import events as ev
from server.ruleset.schema import SIDES


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


def test_a_game_is_reproducible_from_its_seed_and_choices() -> None:
    rules = rules_of("intro")
    first = play(rules, 7, [3, 1, 4, 1, 5])
    assert play(rules, 7, [3, 1, 4, 1, 5]).log == first.log
    assert play(rules, 8, [3, 1, 4, 1, 5]).log != first.log


def test_the_scenarios_played_are_every_rule_file_and_the_test_table() -> None:
    assert {"intro", "classroom", "full_2025", "table"} <= set(SCENARIOS)
    assert all(isinstance(path, Path) and path.exists() for path in SCENARIOS.values())
