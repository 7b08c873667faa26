"""Stepping through a record: the state at a position inside a command's events is the game as it
stood at that event, not yet as the whole command left it. Found replaying last week's games:
at the step where Washington's card went face down (Beijing's fold still to come) the table
already showed the talks and the fold's winnings, and at the step where the talks closed it
showed the next hand's betting while "continue from here" played on from before the talks
closed. The step also says where a "what if" from it starts (`rest`)."""

from __future__ import annotations

import pytest
from recordkit import RULES, SCENARIOS, bot_game

from server.engine import apply, evolve
from server.replay.record import read_record
from server.replay.steps import rest_point, step
from server.replay.verify import Verified, engine_seat, verify


def _verified(scenario: str, seed: int) -> Verified:
    return verify(read_record(bot_game(RULES[scenario], seed)[0], "game.jsonl"), "game.jsonl")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_state_is_the_game_at_that_entry(scenario: str) -> None:
    for seed in range(8):
        verified = _verified(scenario, seed)
        states = verified.states
        for entry in verified.record.entries:
            before, now = states[entry.n - 1], states[entry.n]
            if entry.command is not None:
                assert now == before, entry.n  # a command alone changes nothing: its events do
            elif entry.event is not None:
                assert now == evolve(before, entry.event), entry.n
            else:
                assert now == before, entry.n


def test_the_view_inside_a_move_is_the_game_at_that_event() -> None:
    verified = _verified("intro", 3)
    entries = verified.record.entries
    rules = verified.record.rules
    checked = 0
    for entry in entries:
        if entry.event is None or entry.event.type != "phase_started":
            continue
        # the command that started this phase, and the events after it in the same command
        at = step(verified, "instructor", entry.n)
        assert at["view"]["phase"] == entry.event.phase, entry.n
        assert at["rest"] == rest_point(verified, entry.n) < entry.n
        command = entries[at["rest"]]  # the entry after the resting point: the command
        assert command.command is not None
        before = verified.states[at["rest"]]
        after = apply(rules, before, engine_seat(command.command.seat), command.command.command)[0]
        last = next(n for n in range(entry.n, len(entries) + 1) if rest_point(verified, n) == n)
        assert verified.states[last] == after, "a command's last event: as the command left it"
        checked += 1
    assert checked >= 6  # hands' news, betting, talks, resolution


def test_a_rest_point_is_its_own_rest() -> None:
    verified = _verified("classroom", 2)
    for n in range(len(verified.record.entries) + 1):
        rest = rest_point(verified, n)
        assert rest <= n and rest_point(verified, rest) == rest
        assert step(verified, "washington", n)["rest"] == rest
