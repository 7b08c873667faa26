"""How long a game of a scenario takes at its default timers: what the scenario list shows, and
what a class period is planned by.

- **at most**: the longest a game can last: every hand played, each phase taking the most turns
  its rules allow, and every turn running to its time limit (a game in which everybody waits for
  the clock, or acts at the last second). A game in which nobody moves at all is shorter: each
  phase then times out once.
- **engaged**: a game of players who take part: the turns a phase typically takes
  (`typical_turns`, fitted to the games between planners in bench/balance.py, which prints the
  turns it counted beside this estimate), each using ENGAGED_SHARE of its limit: a class that
  takes part reads the cards, talks it over in the team and agrees, and mostly acts in the last
  part of the time it has. It is a model: check it against a real class (the debrief's time per
  decision).

Both are pure functions of the rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from server.ruleset.model import Ruleset
from server.ruleset.schema import PhaseSpec

ENGAGED_SHARE = 0.85
"""The share of a turn's time limit an engaged player (or team) uses."""


@dataclass(frozen=True, slots=True)
class Minutes:
    """A scenario's expected length in whole minutes (rounded up)."""

    engaged: int
    at_most: int

    def as_json(self) -> dict[str, int]:
        return {"engaged": self.engaged, "at_most": self.at_most}


def betting_turns(phase: PhaseSpec) -> int:
    """Return the most turns one hand's betting can take: in alternating betting a check, every
    raise either side may make, and the answer to the last; in simultaneous betting two (the
    clock starts again when the first side has chosen)."""
    if phase.mode == "simultaneous":
        return 2
    return 2 * phase.max_raises + 2


@cache
def talks_turns(max_proposals: int) -> int:
    """Return the most turns one hand's talks can take (each action starts a turn; a proposal
    clears both passes; talks end when both have passed), found by searching every order of
    moves: propose, counter, accept, reject, withdraw, pass."""
    best: dict[tuple[int, int, bool, bool], int] = {}

    def longest(proposer: int, count: int, passed_a: bool, passed_b: bool) -> int:
        # proposer: 0 none, 1 side A, 2 side B (the moves are symmetric; sides are A and B)
        key = (proposer, count, passed_a, passed_b)
        if key in best:
            return best[key]
        moves: list[int] = []
        for side in (1, 2):
            passed = passed_a if side == 1 else passed_b
            if not passed:
                after = (passed_a or side == 1, passed_b or side == 2)
                moves.append(1 if all(after) else 1 + longest(proposer, count, *after))
            if proposer == 0 and count < max_proposals:
                moves.append(1 + longest(side, count + 1, False, False))
            if proposer not in (0, side):
                moves.append(1 + longest(0, count, passed_a, passed_b))  # accept or reject
                if count < max_proposals:
                    moves.append(1 + longest(side, count + 1, False, False))  # counter
            if proposer == side:
                moves.append(1 + longest(0, count, passed_a, passed_b))  # withdraw
        best[key] = max(moves)
        return best[key]

    return longest(0, 0, False, False)


def _phases(rules: Ruleset, hand: int) -> list[PhaseSpec]:
    rounds = rules.scenario.rounds
    return [
        phase for phase in rules.phases if phase.first_round <= hand <= (phase.last_round or rounds)
    ]


def most_seconds(rules: Ruleset) -> int:
    """Return the longest a game can last at the default timers: every hand, the most turns
    each phase allows, each run to its time limit."""
    total = 0
    for hand in range(1, rules.scenario.rounds + 1):
        for phase in _phases(rules, hand):
            if phase.kind == "betting":
                total += betting_turns(phase) * phase.seconds
            elif phase.kind == "talks":
                total += talks_turns(phase.max_proposals) * phase.seconds
    return total


def typical_turns(phase: PhaseSpec) -> float:
    """Return the turns a hand's betting or talks typically take when both sides play (fitted
    to planner games: alternating betting 3.0 turns with 2 raises a side, 3.8 with 4;
    simultaneous betting 2; talks 3.8 with one proposal, 4.6 with two, 7.5 with four), never
    more than the phase allows."""
    if phase.kind == "betting":
        typical = 2.0 if phase.mode == "simultaneous" else 2 + 0.4 * phase.max_raises
        return min(typical, betting_turns(phase))
    if phase.kind == "talks":
        return min(2 + 1.4 * phase.max_proposals, talks_turns(phase.max_proposals))
    return 0.0


def engaged_seconds(rules: Ruleset) -> float:
    """Return how long a game of engaged players takes at the default timers: every hand, the
    typical turns of each phase (never more than it allows), ENGAGED_SHARE of each limit."""
    total = 0.0
    for hand in range(1, rules.scenario.rounds + 1):
        for phase in _phases(rules, hand):
            total += typical_turns(phase) * phase.seconds * ENGAGED_SHARE
    return total


def expected_minutes(rules: Ruleset) -> Minutes:
    """Return how many minutes a game of `rules` takes at the default timers: engaged, and at
    most (whatever the players do)."""
    return Minutes(
        engaged=math.ceil(engaged_seconds(rules) / 60),
        at_most=math.ceil(most_seconds(rules) / 60),
    )
