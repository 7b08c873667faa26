"""`brink replay` tells a variable's change as live play does (`brink play`, the web page):
`US tariff on China 0% → 34%`, `Nvidia H20 export ban off → on`, in either language.
It said the bare number the variable took (`US tariff on China 34`, `Washington escalated this
hand 1`); both now tell it with the same code (server/game/values.py)."""

from __future__ import annotations

import pytest
from recordkit import RULES, bot_game

from client.terminal.names import Names
from client.terminal.narration import Narrator
from server.game.narrate import Language
from server.replay.record import read_record
from server.replay.show import lines
from server.replay.verify import verify

INTRO = RULES["intro"]


def told(lang: Language) -> tuple[list[str], list[str]]:
    """The lines of the changes in a hawk-vs-hawk intro game (the deal of seed 5: the 34%
    tariff is played), as `brink replay` all-seeing tells them and as `brink play` does."""
    record, _ = bot_game(INTRO, 5, ("hawk", "hawk"))
    verified = verify(read_record(record, "test"), "test")
    replayed = [line[7:] for line in lines(verified, "instructor", None, lang) if "  · " in line]
    narrator = Narrator(Names(INTRO, lang))
    live = [line.plain for line in narrator.replay(verified.record.entries)]
    return replayed, [line for line in live if line.startswith("  · ")]


@pytest.mark.parametrize(
    ("lang", "changes"),
    [
        ("en", ["US tariff on China 0% → 34%", "Nvidia H20 export ban off → on"]),
        ("zh", ["美國對華關稅 0% → 34%", "英偉達H20芯片出口禁令 否 → 是"]),
    ],
)
def test_a_change_is_told_from_its_value_before_as_live_play_tells_it(
    lang: Language, changes: list[str]
) -> None:
    replayed, live = told(lang)
    said = "\n".join(replayed)
    assert all(change in said for change in changes), said
    assert " 34," not in said and "hand 1," not in said, said
    assert sorted(replayed) == sorted(live)
