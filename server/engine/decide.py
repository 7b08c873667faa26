"""`decide(rules, state, seat, command) -> events`: validate a command and say what follows.

Deciding runs until the game next waits for a player, so the events include everything the
command set off: the end of betting, the news of the next hand, a resolution, the ending.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from server.engine import betting, instructor, talks
from server.engine import events as ev
from server.engine.commands import (
    Abandon,
    Call,
    Check,
    Command,
    Fold,
    PassTalks,
    Seat,
    StartGame,
    Timeout,
)
from server.engine.errors import EngineError, IllegalCommand
from server.engine.flow import end_game, start_game
from server.engine.progress import finished, started
from server.engine.state import GameState
from server.engine.step import Step
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, ActionKind, Side

Decider = Callable[[Step, Seat, Any], None]


def _start(step: Step, seat: Seat, command: StartGame) -> None:
    if seat.side != "system":
        raise IllegalCommand("not_system", "only the server starts a game")
    if started(step.state):
        raise IllegalCommand("already_started", "the game has already started")
    start_game(step, command.seed, command.decks)


def _timeout(step: Step, seat: Seat, command: Timeout) -> None:
    state = step.state
    if seat.side != "system":
        raise IllegalCommand("not_system", "only the server applies timeouts")
    if not started(state) or finished(state):
        raise IllegalCommand("game_over", "there is no turn to time out")
    if command.turn != state.turn:
        raise IllegalCommand("stale_timeout", f"turn {command.turn} is over (now {state.turn})")
    phase = step.rules.phases[state.phase_index]
    waiting = waiting_sides(state)
    step.emit(ev.TimedOut(turn=command.turn, sides=waiting))
    for side in waiting:
        action = _default_action(step, side, phase.timeout_action)
        DECIDERS[action.type](step, Seat(side=side), action)


def _abandon(step: Step, seat: Seat, command: Abandon) -> None:
    if seat.side != "system":
        raise IllegalCommand("not_system", "only the server calls a game off")
    if not started(step.state) or finished(step.state):
        raise IllegalCommand("game_over", "there is no game to call off")
    if ABANDONED not in step.rules.outcomes:
        raise IllegalCommand("no_such_outcome", f"these rules have no {ABANDONED!r} outcome")
    end_game(step, ABANDONED)


ABANDONED = "abandoned"


def waiting_sides(state: GameState) -> list[Side]:
    """Return the sides the game waits for: the one to act, or each that may still act."""
    if finished(state):
        return []
    if state.to_act is not None:
        return [state.to_act]
    if state.betting is not None and not state.betting.closed:
        return [side for side in SIDES if side not in state.betting.pending]
    if state.talks is not None and not state.talks.closed:
        return [side for side in SIDES if side not in state.talks.passed]
    return []


def _default_action(step: Step, side: Side, action: str) -> Command:
    betting_state = step.state.betting
    if step.state.talks is not None and not step.state.talks.closed:
        return PassTalks()
    facing = betting_state is not None and betting_state.facing and step.state.to_act == side
    if action == "fold":
        return Fold()
    if facing:
        return Call()
    return Check()


DECIDERS: dict[str, Decider] = {
    "start": _start,
    "timeout": _timeout,
    "abandon": _abandon,
    "inject_news": instructor.inject_news,
    "end_game": instructor.end_now,
    "play": betting.play_cards,
    "bluff": betting.bluff,
    "check": betting.check,
    "call": betting.call,
    "call_bluff": betting.call_bluff,
    "fold": betting.fold,
    "propose": talks.propose,
    "counter": talks.counter,
    "accept": talks.accept,
    "reject": talks.reject,
    "withdraw": talks.withdraw,
    "pass": talks.pass_talks,
}


def _seat_free(step: Step, seat: Seat, command: Any, opened: Any) -> Hashable:
    return None


class Checks(NamedTuple):
    """How a player's command is checked, in two parts: `opening` (the same for every command
    of its `kind`) and `rest`, given what the opening returned. Its decider runs both before
    its first event, so running them alone answers `refusal` for it, and many commands of one
    kind share one opening (legal.options). Each returns its common refusals (an EngineError)
    and raises the rare ones (errors.ok). `seat_key` returns what of the seat `rest` reads
    (None: nothing), so seats of a side with the same key share its answer."""

    kind: str
    opening: Callable[[Step, Seat], Any]
    rest: Callable[[Step, Seat, Any, Any], Any]
    seat_key: Callable[[Step, Seat, Any, Any], Hashable] = _seat_free


def _betting(action: ActionKind) -> Callable[[Step, Seat], Any]:
    return lambda step, seat: betting.open_betting(step, seat, action)


CHECKS: dict[str, Checks] = {
    "play": Checks("play", _betting("play"), betting.may_play, betting.play_seat_key),
    "bluff": Checks("bluff", _betting("bluff"), betting.may_bluff, betting.bluff_seat_key),
    "check": Checks("check", _betting("check"), betting.may_check),
    "call": Checks("call", _betting("call"), betting.may_call),
    "call_bluff": Checks("call_bluff", _betting("call_bluff"), betting.may_call_bluff),
    "fold": Checks("fold", _betting("fold"), betting.may_fold),
    "propose": Checks("talks", talks.open_talks, talks.may_propose),
    "counter": Checks("talks", talks.open_talks, talks.may_counter),
    "accept": Checks("talks", talks.open_talks, talks.may_accept, talks.accept_seat_key),
    "reject": Checks("talks", talks.open_talks, talks.may_reject),
    "withdraw": Checks("talks", talks.open_talks, talks.may_withdraw),
    "pass": Checks("talks", talks.open_talks, talks.may_pass),
}


def decide(rules: Ruleset, state: GameState, seat: Seat, command: Command) -> list[ev.Event]:
    """Return the events `command` causes; raise EngineError (state untouched) if refused."""
    return apply(rules, state, seat, command)[1]


def apply(
    rules: Ruleset, state: GameState, seat: Seat, command: Command, strict: bool = False
) -> tuple[GameState, list[ev.Event]]:
    """Return the new state and the events; the same as decide, then evolve over the events.

    A rule that fails to work out (RuleFailed) refuses a player's or the instructor's command
    only in what the command itself puts in play; the system's commands, and all that follows
    by itself, skip it (Step). `strict` refuses every such failure (brink simulate)."""
    step = Step(rules, state, strict)
    if seat.side == "system":
        step.goes_on()
    DECIDERS[command.type](step, seat, command)
    return step.state, step.events


class _Legal(Exception):
    """Raised at the first event of a dry run: every check before it has passed."""


class _DryStep(Step):
    def emit(self, event: ev.Event) -> None:
        raise _Legal


def refusal(rules: Ruleset, state: GameState, seat: Seat, command: Command) -> EngineError | None:
    """Return why `command` would be refused now, or None if it is legal (cheap: a dry run)."""
    try:
        DECIDERS[command.type](_DryStep(rules, state), seat, command)
    except _Legal:
        return None
    except EngineError as error:
        return error
    return None
