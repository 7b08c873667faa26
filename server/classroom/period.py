"""The class period: how long a game is expected to take with a class's own timers, and when
each room is expected to end.

The length is issue 15's model (server/game/duration.py, `expected_minutes` at the default
timers), with the class's time limits put in: `engaged` (the typical turns of each phase, each
using ENGAGED_SHARE of its limit) and `at most` (the most turns each phase allows, each to its
limit). A room in play is expected to end after the time left of its turn, its share of the rest
of the hand and its remaining hands at the engaged pace. Pure: the caller gives the time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from server.engine import GameState
from server.game.duration import ENGAGED_SHARE, betting_turns, talks_turns, typical_turns
from server.ruleset.model import Ruleset
from server.ruleset.schema import PhaseSpec

PERIOD_MINUTES = 45
"""A class period: a class's game should end inside it."""


@dataclass(frozen=True, slots=True)
class Length:
    """A game's expected length in whole minutes (rounded up)."""

    engaged: int
    at_most: int


def _limit(phase: PhaseSpec, seconds: dict[str, int]) -> int:
    return seconds.get(phase.id, phase.seconds)


def game_seconds(rules: Ruleset, seconds: dict[str, int]) -> float:
    """Return how long a game of engaged players takes with these time limits (`seconds`
    overrides the scenario's, by phase)."""
    total = 0.0
    for hand in range(1, rules.scenario.rounds + 1):
        for index in _phases_of_hand(rules, hand):
            phase = rules.phases[index]
            total += typical_turns(phase) * _limit(phase, seconds) * ENGAGED_SHARE
    return total


def most_seconds(rules: Ruleset, seconds: dict[str, int]) -> int:
    """Return the longest a game can last with these time limits."""
    total = 0
    for hand in range(1, rules.scenario.rounds + 1):
        for index in _phases_of_hand(rules, hand):
            phase = rules.phases[index]
            if phase.kind == "betting":
                total += betting_turns(phase) * _limit(phase, seconds)
            elif phase.kind == "talks":
                total += talks_turns(phase.max_proposals) * _limit(phase, seconds)
    return total


def game_length(rules: Ruleset, seconds: dict[str, int]) -> Length:
    return Length(
        engaged=math.ceil(game_seconds(rules, seconds) / 60),
        at_most=math.ceil(most_seconds(rules, seconds) / 60),
    )


def _phases_of_hand(rules: Ruleset, hand: int) -> list[int]:
    last = rules.scenario.rounds
    return [
        index
        for index, phase in enumerate(rules.phases)
        if phase.first_round <= hand <= (phase.last_round or last)
    ]


def expected_end(
    rules: Ruleset,
    state: GameState,
    seconds: dict[str, int],
    now_ms: int,
    deadline_ms: int | None,
) -> int | None:
    """Return when (ms since the epoch) the game in `state` is expected to end, or None while
    its clock does not run (a room waiting or paused, a game without timers) or it is over."""
    if state.finished or deadline_ms is None or state.round < 1:
        return None
    per_hand = game_seconds(rules, seconds) / max(1, rules.scenario.rounds)
    phases = _phases_of_hand(rules, state.round)
    after = len(phases) - 1 - phases.index(state.phase_index) if state.phase_index in phases else 0
    rest_of_hand = per_hand * after / max(1, len(phases))
    hands_after = max(0, state.rounds - state.round)
    left = max(0, deadline_ms - now_ms) + 1000 * (rest_of_hand + per_hand * hands_after)
    return now_ms + round(left)
