"""Command logs: a game written as the commands of each seat, one JSON object a line.

    {"note": "optional words for people", "seat": {"side": "washington"}, "command": {...}}
    {"note": {"en": "…", "zh": "…"}, …}     (a note in each language)

The historical line of 2025 (rules/history/2025.jsonl) is such a log; so is any game a
server records, which is how a game is replayed, checked and forked from any point.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from server.engine import COMMANDS, Command, GameState, Seat, apply, initial_state
from server.engine.events import Event
from server.ruleset.model import Ruleset
from server.ruleset.plain import PlainReads


class Entry(PlainReads, BaseModel):
    """One line of a command log."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    note: str | dict[str, str] = ""
    seat: Seat
    command: Command


class CommandLogError(ValueError):
    """A command log line that does not parse, named by file and line."""


def read_log(path: str | Path) -> list[Entry]:
    """Return the entries of the log at `path`; raise CommandLogError naming the bad line."""
    entries: list[Entry] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entries.append(Entry.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as error:
            first = str(error).splitlines()[0]
            raise CommandLogError(f"{path}:{number}: {first}") from None
    return entries


@dataclass(frozen=True, slots=True)
class Played:
    """The state after each entry of a log, and the events each entry caused."""

    states: list[GameState]
    events: list[list[Event]]

    @property
    def final(self) -> GameState:
        return self.states[-1]


def play_log(rules: Ruleset, entries: list[Entry]) -> Played:
    """Apply every entry in order; an EngineError names the first refused command."""
    state = initial_state(rules)
    states: list[GameState] = []
    events: list[list[Event]] = []
    for entry in entries:
        state, caused = apply(rules, state, entry.seat, entry.command)
        states.append(state)
        events.append(caused)
    return Played(states, events)


__all__ = ["COMMANDS", "CommandLogError", "Entry", "Played", "play_log", "read_log"]
