"""A raise by a card of stake 0 leaves the stake where it was: it was told "The stake rises to 4"
(the `stake_raised` event carries the stake after, not before). The narrators follow the stake
told so far — `brink play`, `brink replay` and the simulations (server/game/narrate.py), and the
web page's log (client/web/narrate.js) — and say it stays."""

from __future__ import annotations

from helpers import RULES_DIR

from server.engine import events as ev
from server.game.narrate import Deals, Language, describe
from server.ruleset.loader import load_ruleset

EVENTS: list[ev.Event] = [
    ev.PhaseStarted(phase="escalation", kind="betting", index=1, stake=4),
    ev.StakeRaised(side="washington", stake=4),
    ev.StakeRaised(side="beijing", stake=6),
    ev.StakeRaised(side="washington", stake=6, face_down_slot=9),
]


def test_a_raise_that_leaves_the_stake_is_told_so() -> None:
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    languages: list[tuple[Language, str, str]] = [
        ("en", "The stake stays at {}.", "The stake rises to {}."),
        ("zh", "賭注仍為 {}。", "賭注升至 {}。"),
    ]
    for lang, stays, rises in languages:
        deals = Deals()
        told = [describe(rules, event, lang, deals) for event in EVENTS]
        assert [line.strip() if line else line for line in told[1:]] == [
            stays.format(4),
            rises.format(6),
            stays.format(6),
        ]
    # without the game's events so far, a raise is told as before
    assert describe(rules, EVENTS[1], "en") == "  The stake rises to 4."
