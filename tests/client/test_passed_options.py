"""`passed_options`: what a side that has passed in the talks may still do, worked out by the
client from its view (it is sent no options) — the engine's own options for the seat, refusal
for refusal, in random games of every scenario, for the side and each of its team roles."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from engine.test_properties import play
from helpers import RULES_DIR

from client.options import allows_any, passed_options
from server.engine.commands import Seat
from server.engine.legal import options
from server.engine.state import GameState
from server.engine.viewjson import view_json
from server.ruleset.loader import load_ruleset


@pytest.mark.parametrize("scenario", ["intro", "classroom", "full_2025"])
def test_a_passed_sides_options_are_the_engines(scenario: str) -> None:
    rules = load_ruleset(RULES_DIR / f"{scenario}.yaml")
    seen: Counter[str] = Counter()

    def compare(state: GameState) -> None:
        talks = state.talks
        if talks is None or talks.closed or state.finished:
            return
        for side in talks.passed:
            view = json.loads(view_json(rules, state, side))
            roles = [role.id for role in rules.spec.sides[side].roles]
            for role in [None, *roles]:
                found = passed_options(rules, view, side if role is None else f"{side}:{role}")
                engine = options(rules, state, Seat(side=side, role=role))
                assert found is not None
                assert found.actions == {kind: engine.actions[kind] for kind in found.actions}
                assert found.terms == engine.terms
                assert found.deal_rounds == engine.deal_rounds
                seen.update(r.code if r else "ok" for r in [*found.actions.values()])
                seen.update(r.code if r else "ok" for r in found.terms.values())
                seen["allows"] += allows_any(found)

    for seed in range(15):
        pick = random.Random(seed)
        play(rules, seed, [pick.randrange(10**6) for _ in range(400)], compare)
    # the games met each refusal a passed side may be given, and some moves left to it
    assert {"ok", "already_passed", "no_proposal", "own_proposal", "proposal_pending"} <= set(seen)
    assert seen["allows"] > 0 and seen["term_not_available"] > 0, seen
    if rules.spec.sides["washington"].roles:
        assert seen["role_not_allowed"] > 0, seen


def test_no_options_are_worked_out_for_a_side_that_has_not_passed() -> None:
    rules = load_ruleset(RULES_DIR / "intro.yaml")
    view = {"phase_kind": "talks", "passed": ["beijing"], "outcome": None}
    assert passed_options(rules, view, "washington") is None
    assert passed_options(rules, {**view, "phase_kind": "betting"}, "beijing") is None
