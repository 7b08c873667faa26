"""The class period: how long a game is expected to take, and when each room is expected to end.

An estimate of this module's own (issue 15 adds a calibrated `expected_minutes(rules)`; until it
is there this one stands): two engine bots (tit for tat, the way a careful class plays) play the
scenario through on a few seeds, and every turn they take is counted at its time limit (the
class's own limits, where it sets them). Students use most of their time; counting it all keeps
the estimate on the safe side of the bell. A room in play is expected to end after the time left
of its turn, the rest of its hand (its share of a hand's time) and its remaining hands. Pure:
the caller gives the time.
"""

from __future__ import annotations

from functools import lru_cache

from server.bots import make_bot
from server.engine import GameState, apply, initial_state
from server.game.match import play_match
from server.ruleset.model import Ruleset

PERIOD_MINUTES = 45
"""A class period: a class's game should end inside it."""
SEEDS = (1, 2)


@lru_cache(maxsize=64)
def _game_seconds(rules: Ruleset, seconds: tuple[tuple[str, int], ...]) -> float:
    limits = dict(seconds)
    total = 0
    for seed in SEEDS:
        bots = {side: make_bot("tit_for_tat", side) for side in ("washington", "beijing")}
        match = play_match(rules, bots, seed)  # type: ignore[arg-type]
        state = initial_state(rules)
        for seat, command in match.commands:
            before = state
            state, _ = apply(rules, state, seat, command)
            if before.phase_index >= 0 and state.turn != before.turn:
                phase = rules.phases[before.phase_index]
                total += limits.get(phase.id, phase.seconds)
    return total / len(SEEDS)


def game_seconds(rules: Ruleset, seconds: dict[str, int]) -> float:
    """Return how long a game is expected to take with these time limits (`seconds` overrides
    the scenario's, by phase)."""
    return _game_seconds(rules, tuple(sorted(seconds.items())))


def game_minutes(rules: Ruleset, seconds: dict[str, int]) -> float:
    return round(game_seconds(rules, seconds) / 60, 1)


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
