"""The debrief times the side that chooses second in a simultaneous betting from when the betting
turn began. When one side has chosen in secret, the engine starts another turn for both
(`turn_started`, side None) and the debrief took it as a new turn for the other side too: in a
class's run a student who took 11 s over every check was timed at 2 ms, a median of "0.0 s",
because the other side had chosen just before. That side learnt nothing (the choice is secret):
its clock runs on from when it could first act."""

from __future__ import annotations

from recordkit import RULES, seeded_game

from server.engine import events as ev
from server.replay.debrief import debrief
from server.replay.debrief_moves import decisions
from server.replay.record import read_record
from server.replay.verify import Verified, verify

BOTS = {"washington": "planner_classic", "beijing": "tit_for_tat"}


def game() -> Verified:
    text = seeded_game(RULES["classroom"], 7, BOTS, "ROOM", think_ms=4_000)
    return verify(read_record(text, "ROOM"))


def second_choices(verified: Verified) -> list[tuple[int, int]]:
    """(log position of the second secret choice of a betting turn, when that turn began)."""
    found = []
    began: int | None = None
    chosen = 0
    for entry in verified.record.entries:
        event = entry.event
        if isinstance(event, ev.TurnStarted) and event.side is None and not chosen:
            began = entry.at
        elif isinstance(event, ev.ActionSubmitted):
            chosen += 1
            if chosen == 2 and began is not None:
                found.append((entry.n - 1, began))  # the command is the entry before it
        elif not isinstance(event, ev.TurnStarted) and event is not None:
            chosen, began = 0, None
    return found


def test_the_side_choosing_second_in_secret_is_timed_from_the_turns_start() -> None:
    verified = game()
    seconds = second_choices(verified)
    assert seconds, "the game has simultaneous bettings"
    moves = {move.n: move for move in decisions(verified)}
    for n, began in seconds:
        move = moves[n]
        assert move.at is not None
        assert move.took_ms == move.at - began, (n, move.took_ms)
        assert move.took_ms >= 8_000  # both sides' thinking, one after the other
    assert all(
        side["median_ms"] >= 4_000 for side in debrief([verified])["timing"]["sides"].values()
    )
