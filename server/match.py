"""Playing a whole game between two bots, headless and deterministic."""

from __future__ import annotations

from dataclasses import dataclass

from server.bots import Bot, Turn
from server.engine import SYSTEM, Seat, apply, initial_state, legal_commands, redact, view
from server.engine.commands import Command, StartGame
from server.engine.events import Event
from server.engine.rng import Rng
from server.engine.state import GameState
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

MAX_ACTIONS = 2000


@dataclass(frozen=True, slots=True)
class MatchResult:
    state: GameState
    log: list[Event]
    actions: int


def play_match(rules: Ruleset, bots: dict[Side, Bot], seed: int) -> MatchResult:
    """Return the finished game of `bots` on `rules`, fully determined by `seed`."""
    state, log = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=seed))
    dice = {side: Rng(seed * 2 + index + 1) for index, side in enumerate(SIDES)}
    _show(rules, bots, log)
    actions = 0
    while not state.finished:
        if actions >= MAX_ACTIONS:
            raise RuntimeError(f"game with seed {seed} did not end in {MAX_ACTIONS} actions")
        side, legal = _next_to_move(rules, state, actions)
        seat = Seat(side=side)
        turn = Turn(rules, side, view(rules, state, side), legal, dice[side])
        state, events = apply(rules, state, seat, bots[side].choose(turn))
        log.extend(events)
        _show(rules, bots, events)
        actions += 1
    return MatchResult(state, log, actions)


def _next_to_move(
    rules: Ruleset, state: GameState, actions: int
) -> tuple[Side, list[Command]]:
    order = [state.to_act] if state.to_act is not None else list(SIDES)
    if state.to_act is None and actions % 2:
        order.reverse()
    for side in order:
        legal = legal_commands(rules, state, Seat(side=side))
        if legal:
            return side, legal
    raise RuntimeError(f"nobody can move at event {state.seq} (phase {state.phase})")


def _show(rules: Ruleset, bots: dict[Side, Bot], events: list[Event]) -> None:
    for side, bot in bots.items():
        seen = [e for e in (redact(rules, event, side) for event in events) if e is not None]
        bot.observe(seen)
