"""Playing a whole game between two bots, headless and deterministic."""

from __future__ import annotations

from dataclasses import dataclass

from server.bots import Bot, Turn
from server.engine import SYSTEM, Seat, apply, initial_state, redact, waiting_sides
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
    commands: list[tuple[Seat, Command]]

    @property
    def actions(self) -> int:
        """Return how many moves the bots made (the start is not one)."""
        return len(self.commands) - 1


def play_match(
    rules: Ruleset, bots: dict[Side, Bot], seed: int, strict: bool = False
) -> MatchResult:
    """Return the finished game of `bots` on `rules`, fully determined by `seed`. `strict`:
    a rule whose expression fails raises RuleFailed, wherever it is (brink simulate)."""
    start = StartGame(seed=seed)
    state, log = apply(rules, initial_state(rules), SYSTEM, start, strict)
    dice = {side: Rng(seed * 2 + index + 1) for index, side in enumerate(SIDES)}
    _show(rules, bots, log)
    commands: list[tuple[Seat, Command]] = [(SYSTEM, start)]
    while not state.finished:
        actions = len(commands) - 1
        if actions >= MAX_ACTIONS:
            raise RuntimeError(f"game with seed {seed} did not end in {MAX_ACTIONS} actions")
        side = _next_to_move(state, actions)
        seat = Seat(side=side)
        turn = Turn.at(rules, state, side, dice[side])
        command = bots[side].choose(turn)
        state, events = apply(rules, state, seat, command, strict)
        commands.append((seat, command))
        log.extend(events)
        _show(rules, bots, events)
    return MatchResult(state, log, commands)


def _next_to_move(state: GameState, actions: int) -> Side:
    """Return who moves next: the side to act, else each waiting side in turn."""
    waiting = waiting_sides(state)
    if not waiting:
        raise RuntimeError(f"nobody can move at event {state.seq} (phase {state.phase})")
    return waiting[actions % len(waiting)]


def _show(rules: Ruleset, bots: dict[Side, Bot], events: list[Event]) -> None:
    for side, bot in bots.items():
        if not bot.observes:
            continue
        seen = [e for e in (redact(rules, event, side) for event in events) if e is not None]
        bot.observe(seen)
