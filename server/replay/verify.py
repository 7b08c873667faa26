"""Verifying a record: every command re-applied through the engine, with the rules in the
record, must cause exactly the events logged after it; the final outcome must be the header's.
The states after each entry come out of it, for stepping through the game."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from server.engine import SYSTEM, EngineError, GameState, Seat, apply, evolve, initial_state
from server.engine.commands import INSTRUCTOR
from server.engine.events import Event
from server.replay.record import Record, RecordError
from server.replay.visible import acting_seat


@dataclass(frozen=True, slots=True)
class Verified:
    """A record that replays exactly: the state after each position (`states[0]` before the
    first entry, `states[n]` after entry n). A command changes nothing by itself: its events
    do, one by one, so the state after one of them is the game as it stood at that point
    (its hand, its phase, its stake), not yet as the command left it."""

    record: Record
    states: list[GameState]

    @property
    def final(self) -> GameState:
        return self.states[-1]


@lru_cache(maxsize=1024)
def engine_seat(seat: str) -> Seat:
    """Return the engine's Seat for a protocol seat name (`washington:treasury`, `system`,
    `instructor`)."""
    if seat == "system":
        return SYSTEM
    if seat == "instructor":
        return INSTRUCTOR
    side, _, role = seat.partition(":")
    return Seat(side=side, role=role or None)


def verify(record: Record, source: str = "record") -> Verified:
    """Return the states of a record that replays exactly; raise RecordError naming the first
    line (line = position + 1) where the log and the engine part."""
    rules = record.rules
    state = initial_state(rules)
    states = [state]
    now = state  # the state at the latest position: `state` once a command's events are out
    expected: list[Event] = []
    acting: str | None = None  # the seat its command's events may name (`Entry.seat`)
    for entry in record.entries:
        line = f"{source}:{entry.n + 1}"
        if entry.command is not None:
            if expected:
                raise RecordError(
                    f"{line}: a command where the engine expects {_name(expected[0])}"
                )
            try:
                state, caused = apply(
                    rules, state, engine_seat(entry.command.seat), entry.command.command
                )
            except EngineError as error:
                raise RecordError(f"{line}: the engine refuses this command ({error})") from None
            except (LookupError, TypeError, ValueError, ArithmeticError) as error:
                # The record's own rules, never checked as a rule file is: they may name a
                # variable or a card they do not define (an edited record, say).
                raise RecordError(
                    f"{line}: the record's rules cannot play this command "
                    f"({type(error).__name__}: {error})"
                ) from None
            expected = list(caused)
            acting = acting_seat(entry.command.seat)
            if not expected:
                now = state
        elif entry.event is not None:
            if not expected:
                raise RecordError(f"{line}: an event no command caused ({_name(entry.event)})")
            if entry.event != expected[0]:
                raise RecordError(
                    f"{line}: the log says {_name(entry.event)}, the engine {_name(expected[0])}: "
                    "the record was changed"
                )
            if entry.seat is not None and entry.seat != acting:  # a log from before: None
                raise RecordError(
                    f"{line}: the log names {entry.seat} as the seat that acted, but the "
                    "command came from another: the record was changed"
                )
            expected.pop(0)
            now = evolve(now, entry.event) if expected else state
        states.append(now)
    if expected:
        # the line where the missing event would be, as a record cut short is told (record.py)
        line = f"{source}:{len(record.entries) + 2}"
        raise RecordError(f"{line}: the record stops before the engine's {_name(expected[0])}")
    if state.outcome != record.header.outcome:  # an ended game's header says how it ended
        raise RecordError(
            f"{source}:1: the header's outcome is {_outcome(record.header.outcome)}, the "
            f"replay's {_outcome(state.outcome)}"
        )
    return Verified(record, states)


def _outcome(outcome: str | None) -> str:
    return repr(outcome) if outcome is not None else "none (the game is not over)"


def _name(event: Event) -> str:
    return f"{event.type} {event.model_dump_json(exclude={'type'})}"
