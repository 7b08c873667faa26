"""The debrief's "deals proposed" counted only the proposals that became deals: a class whose
events export held 15 `propose` commands read "deals proposed 3 / 2". Each side's row now gives
every proposal and counter-proposal it made (`proposals`), and beside it the deals struck on its
proposals (`deals_proposed`, as before, now labelled so)."""

from __future__ import annotations

from collections import Counter

from recordkit import RULES, bot_game

from server.replay.debrief import debrief
from server.replay.record import read_record
from server.replay.verify import verify


def test_every_proposal_a_side_made_is_counted_not_only_those_struck() -> None:
    games = [verify(read_record(bot_game(RULES["classroom"], seed)[0], "X")) for seed in range(8)]
    offered: Counter[str] = Counter()
    for game in games:
        for entry in game.record.entries:  # the commands accepted, as the events export has them
            said = entry.command
            if said is not None and said.command.type in ("propose", "counter"):
                offered[said.seat.split(":")[0]] += 1
    found = debrief(games)["totals"]["sides"]
    assert sum(offered.values()) > sum(side["deals_proposed"] for side in found.values())
    for side, totals in found.items():
        assert totals["proposals"] == offered[side], (side, totals, offered)
        assert totals["deals_proposed"] <= totals["proposals"], (side, totals)
