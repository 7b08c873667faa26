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
