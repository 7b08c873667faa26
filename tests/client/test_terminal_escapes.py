"""`brink play` prints what other people wrote — chat lines, their names, an instructor's
broadcast — without the control characters a terminal would act on (escape sequences set the
title, clear the screen, write the clipboard) or the bidirectional controls. The server refuses
them in chat now (tests/server/test_bad_input.py); a log kept from before, or a record from
elsewhere, may still hold them."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.terminal.names import Names
from client.terminal.narration import Narrator
from server.protocol import ChatLine, Entry, Notice
from server.ruleset.loader import load_ruleset

HOSTILE = "\x1b]0;PWNED\x07\x1b[2J\x1b[31mred alert\u202e!\x00"


@pytest.fixture(scope="module")
def narrator() -> Narrator:
    return Narrator(Names(load_ruleset(Path("rules/intro.yaml"))))


def test_a_chat_line_is_printed_without_its_escape_sequences(narrator: Narrator) -> None:
    chat = ChatLine(seat="beijing", name="Mal\x1b[5mlory", text=HOSTILE)
    line = narrator.say(Entry(n=1, chat=chat))
    assert line is not None
    assert line.plain == "💬 Mal[5mlory: ]0;PWNED[2J[31mred alert!"  # only the controls go
    assert narrator.chat[-1].plain == line.plain


def test_a_broadcast_is_printed_without_its_escape_sequences(narrator: Narrator) -> None:
    notice = Notice(kind="broadcast", by="ms\x1b[2Jli", text=HOSTILE, at=0)
    line = narrator.say(Entry(n=2, notice=notice))
    assert line is not None
    assert "\x1b" not in line.plain and "\x07" not in line.plain and "\u202e" not in line.plain
    assert "red alert" in line.plain and "ms[2Jli" in line.plain
