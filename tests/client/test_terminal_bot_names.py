"""`brink play` names a bot standing in for a side as the web log and `brink replay` do ("the bot
Dove (peaceful)", 「鴿派（溫和）」); it said the bot's id ("lets the bot dove play Beijing"), as
if that were a name."""

from __future__ import annotations

import pytest
from recordkit import RULES

from client.terminal.names import Names
from client.terminal.notices import tell
from server.protocol import Notice


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "ms_li lets the bot Dove (peaceful) play Beijing until its player returns"),
        ("zh", "ms_li 讓機器人「鴿派（溫和）」代打北京，直到玩家回來"),
    ],
)
def test_a_bot_standing_in_is_named_as_the_web_names_it(lang: str, said: str) -> None:
    notice = Notice(kind="bot_in", by="ms_li", seat="beijing", name="dove", at=0)
    assert tell(notice, Names(RULES["intro"], lang)).plain == said  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "name", "said"),
    [
        ("en", "Ivy Lee", "Ivy Lee takes the seat for Washington: the bot steps aside"),
        ("zh", "Ivy Lee", "Ivy Lee 接手華盛頓的座位：機器人讓位"),
        ("en", None, "Washington's player is back: the bot steps aside"),
    ],
)
def test_who_took_the_seat_from_a_bot_is_named(lang: str, name: str | None, said: str) -> None:
    """A player the instructor gave the seat while a bot played it is named as they sit down
    (the server puts their name on the system's `bot_out`); "the player is back" is for the
    side's own player coming back, as in the web log and `brink replay`."""
    notice = Notice(kind="bot_out", by="system", seat="washington", name=name, at=0)
    assert tell(notice, Names(RULES["intro"], lang)).plain == said  # type: ignore[arg-type]
