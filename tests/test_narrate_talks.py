"""What `brink replay` and the simulations told of a game's talks and deals, and how their
Chinese read (server/game/narrate.py): a side passing in the talks, the talks ending and a deal
running out were not told at all (the web log tells them), a proposal lapsing and deals extended
neither; the Chinese lines had ASCII colons, commas and brackets ("新聞:", "達成協議:…(有效至第
2 局)")."""

from __future__ import annotations

import re

from helpers import RULES_DIR
from test_narrate import told, truce_struck

from server.engine import events as ev
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset


def truce_for_one_hand() -> tuple[Ruleset, list[ev.Event]]:
    """A full_2025 game whose hand 1 ends with a tariff truce struck for that hand alone: it runs
    out as the hand is settled."""
    rules, game = truce_struck(1)
    assert [e.type for e in game.log].count("deal_expired") == 1
    return rules, game.log


def test_the_talks_and_a_deal_running_out_are_told() -> None:
    rules, events = truce_for_one_hand()
    english = told(rules, events, "en")
    assert "Washington passes in the talks." in english
    assert "Beijing passes in the talks." in english
    assert "Talks are over." in english
    assert "The deal ‘Tariff truce’ expires." in english
    assert english.index("Talks are over.") < english.index("The deal ‘Tariff truce’ expires.")
    chinese = told(rules, events, "zh")
    assert "華盛頓結束談判。" in chinese and "談判結束。" in chinese
    assert "協議「關稅休戰」到期。" in chinese


def test_the_chinese_lines_use_full_width_punctuation() -> None:
    rules, events = truce_for_one_hand()
    chinese = told(rules, events, "zh")
    assert "— 第 1 局（共 6 局）—" in chinese
    assert any(line.startswith("新聞：") for line in chinese)
    assert any(
        re.fullmatch(r"達成協議：關稅休戰（.+）（有效至第 1 局結束）。", line) for line in chinese
    )
    changes = [line for line in chinese if line.startswith("  · ")]
    assert changes and all(", " not in line for line in changes)
    assert any("，" in line for line in changes)
    for line in chinese:
        assert not re.search(r"[\u4e00-\u9fff」][:,(;]", line), line


def test_the_other_talks_events_are_told() -> None:
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    lines = told(
        rules,
        [
            ev.DealLapsed(proposal=1),
            ev.DealsExtended(rounds=2),
            ev.TimedOut(turn=3, sides=["washington", "beijing"]),
            ev.LastingEffectEnded(side="washington", card="us_tariff_34"),
        ],
        "en",
    )
    assert lines[:3] == [
        "The proposal lapses.",
        "Deals extended by 2 hands.",
        "Time is up for Washington and Beijing.",
    ]
    assert lines[3].startswith("The lasting effect of ") and lines[3].endswith(" ends.")
