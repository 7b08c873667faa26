"""A commit's entries made without validating their parts again (protocol.entries.logged_entries)
are the very entries the validating constructors make: equal, with the same fields set and the
same JSON, for every command and event of whole games of every scenario."""

from __future__ import annotations

import random

import pytest

from server.engine import SYSTEM, apply, initial_state, waiting_sides
from server.engine.commands import Seat, StartGame
from server.engine.legal import legal_commands
from server.live.loading import load_scenarios
from server.protocol import Entry, LoggedCommand
from server.protocol.entries import logged_entries
from server.settings import ROOT

SCENARIOS = load_scenarios(ROOT / "rules")


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_entries_made_fast_are_the_validated_entries(scenario: str) -> None:
    rules = SCENARIOS[scenario]
    chooser = random.Random(scenario)
    state, _ = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=7))
    n, checked = 0, 0
    while not state.finished and checked < 2000:
        side = waiting_sides(state)[0]
        command = chooser.choice(legal_commands(rules, state, Seat(side=side)))
        state, events = apply(rules, state, Seat(side=side), command)
        cid = chooser.choice([None, f"c{n}"])
        at = chooser.choice([None, 1_700_000_000_000 + n])
        by = chooser.choice([None, side])
        fast = logged_entries(n, side, command, events, cid, at, by)
        logged = LoggedCommand(seat=side, command=command, cid=cid)
        slow = [Entry(n=n + 1, command=logged, at=at)]
        named = {} if by is None else {"seat": by}
        slow += [Entry(n=n + 2 + i, event=event, at=at, **named) for i, event in enumerate(events)]
        assert fast == slow
        for made, expected in zip(fast, slow, strict=True):
            assert made.model_dump_json() == expected.model_dump_json()
            assert made.model_fields_set == expected.model_fields_set
            assert made.model_dump() == expected.model_dump()
            assert Entry.model_validate_json(made.model_dump_json()) == made
        assert fast[0].command is not None and slow[0].command is not None
        assert fast[0].command.model_fields_set == slow[0].command.model_fields_set
        n += len(fast)
        checked += len(fast)
    assert checked > 50
