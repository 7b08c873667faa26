"""The debrief's "Deals and bluffs" table did not add up: a threat put face down and shown
without being called (the betting ended, the card turned over) was in "threats face down" but in
neither "called" nor "never called" (a class saw "threats face down 2, called 0, never called
0"). A threat nobody called is "never called", however it came to light."""

from __future__ import annotations

from recordkit import RULES, bot_game

from server.replay.debrief import debrief
from server.replay.record import read_record
from server.replay.verify import verify


def test_called_and_never_called_add_up_to_the_threats() -> None:
    games = [verify(read_record(bot_game(RULES["classroom"], seed)[0], "X")) for seed in range(12)]
    found = debrief(games)
    statuses = {threat["status"] for threat in found["threats"]}
    assert "revealed" in statuses, statuses  # a threat shown without a call is among them
    for side, totals in found["totals"]["sides"].items():
        assert totals["called"] + totals["not_called"] == totals["threats"], (side, totals)
