"""The pure game engine: values in, values out; no I/O, no clock, no global randomness.

state = initial_state(rules)
state, events = apply(rules, state, SYSTEM, StartGame(seed=7))
events = decide(rules, state, Seat(side="washington"), PlayCards(cards=["us_tariff_34"]))
state = replay(state, events)          # == reduce(evolve, events, state)
view(rules, state, "beijing")          # only what Beijing may see
"""

from __future__ import annotations

from server.engine.commands import COMMANDS, SYSTEM, Command, Seat
from server.engine.decide import apply, decide, refusal, waiting_sides
from server.engine.errors import EngineError, IllegalCommand, MalformedCommand
from server.engine.events import EVENT_LIST, EVENTS, Event
from server.engine.evolve import evolve, replay
from server.engine.legal import legal_commands
from server.engine.state import COUNTERS, GameState
from server.engine.views import VIEWERS, View, Viewer, redact, view
from server.ruleset.model import Ruleset

__all__ = [
    "COMMANDS",
    "EVENTS",
    "EVENT_LIST",
    "SYSTEM",
    "VIEWERS",
    "Command",
    "EngineError",
    "Event",
    "GameState",
    "IllegalCommand",
    "MalformedCommand",
    "Ruleset",
    "Seat",
    "View",
    "Viewer",
    "apply",
    "decide",
    "evolve",
    "initial_state",
    "legal_commands",
    "redact",
    "refusal",
    "replay",
    "view",
    "waiting_sides",
]


def initial_state(rules: Ruleset) -> GameState:
    """Return the state before the first event: variables at their initial values."""
    return GameState(
        rules=rules.id,
        rules_hash=rules.hash,
        rounds=rules.scenario.rounds,
        vars={name: spec.initial for name, spec in rules.spec.variables.items()},
        counters=dict.fromkeys(COUNTERS, 0),
    )
