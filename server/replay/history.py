"""A command log (such as the historical 2025 line, rules/history/2025.jsonl) as a game record:
each command applied through the engine and logged as a server would, its note kept at the
position of the command's last event — where the table shows what the note tells ("Washington
raises 41 more: 145%" with the tariff at 145%, not at the command, whose effects come after it,
while the table still showed 104%; the deal's note, which sets the scene, at the first step)
— so the line opens in the replay viewer and can be forked
like any game."""

from __future__ import annotations

from server.engine import apply, initial_state
from server.game.commandlog import Entry as Step
from server.protocol import Entry, LoggedCommand
from server.protocol.codes import HISTORY_CODE
from server.replay.record import Header, header_for, write_record
from server.ruleset.model import Ruleset


def history_record(
    rules: Ruleset, steps: list[Step], code: str = HISTORY_CODE
) -> tuple[Header, str]:
    """Return the record of a command log played through the engine: its header and text."""
    state = initial_state(rules)
    entries: list[str] = []
    notes: dict[int, str | dict[str, str]] = {}
    for step in steps:
        state, events = apply(rules, state, step.seat, step.command)
        seat = str(step.seat.side)
        if step.seat.role:
            seat = f"{seat}:{step.seat.role}"
        n = len(entries) + 1
        if step.note:  # where its effects are shown: after the command's last event (the
            # deal's, which sets the scene, at the first step: the replay opens on it)
            notes[n if step.command.type == "start" else n + len(events)] = step.note
        logged = [Entry(n=n, command=LoggedCommand(seat=seat, command=step.command))]
        logged += [Entry(n=n + 1 + i, event=event) for i, event in enumerate(events)]
        entries += [entry.model_dump_json() for entry in logged]
    # The players are the year's governments: named by the year alone, which reads the same in
    # every language beside the side's own name ("2025 (Washington)", "2025（華盛頓）").
    seats = {"washington": "2025", "beijing": "2025"}
    header = header_for(code, rules, entries, seats, {})
    header = header.model_copy(update={"notes": notes})
    return header, write_record(header, entries)
