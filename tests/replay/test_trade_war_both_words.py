"""Who started the trade war is judged hand by hand (rules/base/core.yaml): a hand in which both
sides escalated — Washington raised first, Beijing raised back — is mutual, whoever raised first
(the first raise of a hand is `first_raise_blame`'s). The log said "Who started the trade war
(1 Washington, 2 Beijing, 3 both at once) 0 → 3", which reads as a mistake where the betting takes
turns: the variable's name now says why (each escalated in the first hand anyone did). It is the
rules' bookkeeping, though (`internal: true`): the engine keeps it, the replay does not tell it."""

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
    # the engine judges it mutual (3), and the event log keeps it …
    final = verified.states[len(verified.states) - 1]
    assert final.vars["aggressor"] == 3, final.vars
    changed = [e.event for e in verified.record.entries if isinstance(e.event, ev.VariablesChanged)]
    assert any(event.values.get("aggressor") == 3 for event in changed)
    # … but it is the rules' bookkeeping (`internal: true`): the replay, even all-seeing, does
    # not tell it ("Who started the trade war (1 Washington, …) 0 → 3" read as game state)
    for lang, words in (("en", "Who started the trade war"), ("zh", "誰挑起了貿易戰")):
        said = "\n".join(lines(verified, "instructor", None, lang))
        assert words not in said and "escalated this hand" not in said, said
        assert "本局已升級" not in said, said
