"""The terminal's English counts agree with their numbers."""

from __future__ import annotations

from client.terminal.words import plural


def test_one_of_a_thing_is_singular_and_more_are_plural() -> None:
    phrase = "1 card(s) in hand, 0 raise(s) this hand, for 3 hand(s)"
    assert plural(phrase) == "1 card in hand, 0 raises this hand, for 3 hands"


def test_phrases_without_counts_are_left_as_they_are() -> None:
    assert plural("手牌 1 張，本局加注 2 次") == "手牌 1 張，本局加注 2 次"
