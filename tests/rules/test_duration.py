"""How long a scenario takes (server/game/duration.py): the class-period game fits a class, and
no game, whatever its players do, outlasts the `at_most` the scenario list shows."""

from __future__ import annotations

import pytest
from helpers import RULES_DIR

from server.bots import make_bot
from server.engine import SYSTEM, apply, initial_state, waiting_sides
from server.engine import events as ev
from server.engine.commands import StartGame, Timeout
from server.game.duration import expected_minutes, most_seconds, talks_turns
from server.game.match import play_match
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset

SCENARIOS = sorted(path.stem for path in RULES_DIR.glob("*.yaml"))


def rules_of(name: str) -> Ruleset:
    return load_ruleset(RULES_DIR / f"{name}.yaml")


def test_the_class_period_game_fits_a_class() -> None:
    minutes = expected_minutes(rules_of("classroom"))
    assert minutes.at_most <= 40  # even if every turn runs to its limit
    assert 20 <= minutes.engaged <= 30


def test_the_longest_talks_are_counted_move_by_move() -> None:
    # No proposal: each side passes. One: propose, the other passes, the proposer withdraws,
    # the other... each proposal clears both passes, so the most is one more pass each time.
    assert talks_turns(0) == 2
    assert talks_turns(1) < talks_turns(2) < talks_turns(4)


def _turn_seconds(rules: Ruleset, log: list[ev.Event]) -> int:
    total, phase = 0, 0
    for event in log:
        if isinstance(event, ev.PhaseStarted):
            phase = event.index
        elif isinstance(event, ev.TurnStarted):
            total += rules.phases[phase].seconds
    return total


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_game_outlasts_the_most_the_list_shows(scenario: str) -> None:
    rules = rules_of(scenario)
    most = most_seconds(rules)
    assert expected_minutes(rules).at_most * 60 >= most
    longest = 0
    for seed in range(12):
        bots = {
            "washington": make_bot("random", "washington"),
            "beijing": make_bot("random", "beijing"),
        }
        result = play_match(rules, bots, seed)  # type: ignore[arg-type]
        longest = max(longest, _turn_seconds(rules, result.log))
    assert 0 < longest <= most
    # Nobody ever moving: every turn times out once.
    state, log = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=1))
    while not state.finished and waiting_sides(state):
        state, events = apply(rules, state, SYSTEM, Timeout(turn=state.turn))
        log += events
    assert state.finished and _turn_seconds(rules, log) <= most


def test_engaged_play_is_shorter_than_the_most() -> None:
    for scenario in SCENARIOS:
        minutes = expected_minutes(rules_of(scenario))
        assert 0 < minutes.engaged < minutes.at_most, scenario
