"""`brink play --lang zh` writes Chinese with full-width punctuation, as the rest of its lines and
the server's narration do. Some were left with ASCII: the clock (",剩 12 秒"), a proposal's
length on the menu (",2 局"), sides timed out together ("華盛頓 and 北京超時"), several values
changing at once ("…, …"), a chat line's colon ("Ada: …"), a bluff called ("要求亮牌!"), and on
the table your stockpiles ("…, …"), the flags in force ("…; …") and a flag in a condition ("…:
是"). In English they read as before."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import RULES_DIR, Game
from rich.console import Console

from client.connection import BrinkClient
from client.terminal.board import Board
from client.terminal.names import Names
from client.terminal.narration import Narrator
from client.terminal.words import HELP_ZH, WORDS
from server.engine.events import BluffCalled, TimedOut, VariablesChanged
from server.game.narrate import Language
from server.protocol import Entry
from server.protocol.entries import ChatLine
from server.ruleset.loader import load_ruleset

ASCII = re.compile(r"[,:;()!?]")


def test_no_chinese_phrase_has_ascii_punctuation() -> None:
    placed = re.compile(r"\{[^}]*\}")  # a placeholder's name is not punctuation
    said = {key: placed.sub("", phrase) for key, phrase in WORDS["zh"].items()}
    assert {key: phrase for key, phrase in said.items() if ASCII.search(phrase)} == {}
    assert not ASCII.findall(HELP_ZH)


def told(lang: Language) -> list[str]:
    rules = load_ruleset(Path("rules/intro.yaml"))
    narrator = Narrator(Names(rules, lang))
    changed = {"tariff_on_china": 34, "tariff_on_us": 34}
    assert all(name in rules.spec.variables for name in changed)
    narrator.values.now = dict.fromkeys(changed, 0)
    entries = [
        Entry(n=1, event=TimedOut(turn=3, sides=["washington", "beijing"])),
        Entry(n=2, event=VariablesChanged(cause="us_tariff_34", values=changed)),
        Entry(n=3, chat=ChatLine(seat="washington", name="Ada", text="休戰？")),
        Entry(n=4, chat=ChatLine(seat="beijing", name="Bo", text="不", team="beijing")),
        Entry(n=5, event=BluffCalled(side="beijing", slot=0)),
    ]
    lines = [narrator.say(entry) for entry in entries]
    return [line.plain for line in lines if line is not None]


def test_the_chinese_narration_uses_full_width_punctuation() -> None:
    timed_out, changes, chat, team, bluff = told("zh")
    assert timed_out == "⏱ 華盛頓、北京超時"
    assert changes.count("，") == 1 and "," not in changes, changes
    assert chat == "💬 Ada：休戰？"
    assert team == "💬 Bo（隊內）：不"
    assert bluff == "北京要求亮牌！"


def test_the_english_narration_reads_as_before() -> None:
    timed_out, changes, chat, team, bluff = told("en")
    assert timed_out == "⏱ time ran out for Washington and Beijing"
    assert changes.count(", ") == 1, changes
    assert chat == "💬 Ada: 休戰？"
    assert team == "💬 Bo (team): 不"
    assert bluff == "Beijing calls the bluff!"


def test_the_chinese_table_lists_with_full_width_punctuation() -> None:
    game = Game(load_ruleset(RULES_DIR / "full_2025.yaml"), seed=2)
    client = BrinkClient("ws://127.0.0.1:9/ws")  # not connected: the board reads its view
    client.view = game.view("washington").model_dump(mode="json")
    private = client.view["sides"]["washington"]["private"]
    flags = [
        name
        for name, value in client.view["public"].items()
        if value and game.rules.spec.variables[name].kind == "flag"
    ]
    assert len(private) > 1 and len(flags) > 1, (private, flags)
    names = Names(game.rules, "zh")
    console = Console(width=400, record=True, color_system=None)
    console.print(Board(client, names, "washington").tracks())
    table = console.export_text().splitlines()
    values = [f"{names.variable(k)} {names.value(k, v)}" for k, v in private.items()]
    assert f"你的庫存（不公開）：{'，'.join(values)}" in table, table
    assert f"生效中：{'、'.join(map(names.variable, flags))}" in table, table
    flag = names.condition(f"{flags[0]} == 1")
    assert flag == f"{names.variable(flags[0])}：是", flag
