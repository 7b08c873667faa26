"""The fast view and options JSON (server/engine/viewjson.py) are the same documents as the
View and Options models' JSON, for every viewer and every seat waited for, at every step of whole
games of every scenario (bots of several kinds playing, so that bluffs, deals, lasting effects
and finished games all occur)."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from server.bots import make_bot
from server.bots.base import Turn
from server.engine import SYSTEM, apply, initial_state, view, waiting_sides
from server.engine.commands import Seat, StartGame
from server.engine.legal import legal_commands, option_fields, options
from server.engine.rng import Rng
from server.engine.viewjson import options_json, view_json
from server.engine.views import VIEWERS
from server.live.loading import load_scenarios
from server.settings import ROOT

SCENARIOS = load_scenarios(ROOT / "rules")


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_view_is_the_views_json(scenario: str, seed: int) -> None:
    rules = SCENARIOS[scenario]
    state, _ = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=seed))
    chooser = random.Random(seed)
    kinds = {"washington": "hawk", "beijing": "tit_for_tat"}
    bots = {side: make_bot(kind, side) for side, kind in kinds.items()}  # type: ignore[arg-type]
    steps = 0
    while not state.finished and steps < 400:
        for viewer in VIEWERS:
            expected = json.loads(view(rules, state, viewer).model_dump_json())
            assert json.loads(view_json(rules, state, viewer)) == expected, (steps, viewer)
        for waited in waiting_sides(state):
            seat = Seat(side=waited)
            model = {waited: json.loads(options(rules, state, seat).model_dump_json())}
            fast = options_json(waited, option_fields(rules, state, seat))
            assert json.loads(fast) == model, (steps, waited)
        side = waiting_sides(state)[0]
        if chooser.random() < 0.5:
            command = chooser.choice(legal_commands(rules, state, Seat(side=side)))
        else:
            command = bots[side].choose(Turn.at(rules, state, side, Rng(steps + seed)))
        state, _ = apply(rules, state, Seat(side=side), command)
        steps += 1
    assert state.finished
    for viewer in VIEWERS:
        expected = json.loads(view(rules, state, viewer).model_dump_json())
        assert json.loads(view_json(rules, state, viewer)) == expected


def test_a_view_shows_what_changed_beside_what_it_kept() -> None:
    """What is kept from one state to the next (the public variables' part, made once per
    variables dict) is made again when what it shows changes and nothing else does: a state
    whose only change is a variable (public or a side's own), then the betting, shows it."""
    rules = SCENARIOS["full_2025"]
    state, _ = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=4))
    assert state.betting is not None
    public, private = rules.scoped["public"][0], rules.scoped["washington"][0]
    changes: list[dict[str, Any]] = [
        {"vars": {**state.vars, public: state.vars[public] + 1}},
        {"vars": {**state.vars, private: state.vars[private] + 1}},
        {"betting": state.betting.model_copy(update={"raises": {"washington": 1}})},
        {"betting": state.betting.model_copy(update={"pending": {}, "checks": 1})},
    ]
    for viewer in VIEWERS:
        view_json(rules, state, viewer)  # the parts of the state before are kept
    for change in changes:
        changed = state.model_copy(update=change)
        for viewer in VIEWERS:
            expected = json.loads(view(rules, changed, viewer).model_dump_json())
            assert json.loads(view_json(rules, changed, viewer)) == expected, (change, viewer)
        state = changed
