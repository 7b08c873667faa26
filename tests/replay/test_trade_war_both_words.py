"""Who started the trade war is judged hand by hand (rules/base/core.yaml): a hand in which both
sides escalated — Washington raised first, Beijing raised back — is mutual, whoever raised first
(the first raise of a hand is `first_raise_blame`'s). The log said "Who started the trade war
(1 Washington, 2 Beijing, 3 both at once) 0 → 3", which reads as a mistake where the betting takes
turns: the variable's name now says why (each escalated in the first hand anyone did). A record
played with the rules before keeps its own words: it carries its rules."""

from __future__ import annotations

from recordkit import RULES, bot_game

from server.engine import events as ev
from server.replay.record import read_record
from server.replay.show import lines
from server.replay.verify import verify

INTRO = RULES["intro"]


def test_both_in_the_first_hand_anyone_escalated_is_told_as_such() -> None:
    record, _ = bot_game(INTRO, 1, ("hawk", "hawk"))
    verified = verify(read_record(record, "test"), "test")
    # the game this is about: Washington raised first in hand 1, then Beijing raised back
    raises = [
        e.event.side
        for e in verified.record.entries
        if isinstance(e.event, ev.StakeRaised) and verified.states[e.n].round == 1
    ]
    assert raises[:2] == ["washington", "beijing"], raises
    said = "\n".join(lines(verified, "instructor", None, "en"))
    assert (
        "Who started the trade war (1 Washington, 2 Beijing, 3 both: each escalated in the"
        " first hand anyone did) 0 → 3"
    ) in said, said
    assert "both at once" not in said
    said = "\n".join(lines(verified, "instructor", None, "zh"))
    assert "3雙方：第一個有人升級的那一局雙方都升級了） 0 → 3" in said, said
    assert "雙方同時" not in said
