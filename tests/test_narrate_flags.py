"""`brink simulate --narrate` told each changed value as a bare number: a flag as 0 or 1
("US lines running (F-35, Patriot, F-150) 0, … Washington escalated this hand 0"), a tariff
without its percent sign. It tells them as `brink replay` and the web page do (server/game/
values.py): a flag on or off (是/否 in Chinese), a percent with its sign, weeks as weeks."""

from __future__ import annotations

import subprocess
import sys

from helpers import RULES_DIR

from server.engine import events as ev
from server.game.narrate import describe
from server.ruleset.loader import load_ruleset


def test_a_flag_is_told_on_or_off_and_a_percent_with_its_sign() -> None:
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    event = ev.VariablesChanged(
        cause="card",
        values={"us_lines_running": 0, "h20_ban": 1, "tariff_on_china": 34, "us_magnets": 5},
    )
    assert describe(rules, event, "en") == (
        "  · US lines running (F-35, Patriot, F-150) off, Nvidia H20 export ban on,"
        " US tariff on China 34%, US rare-earth magnet stockpile 5 wk"
    )
    chinese = describe(rules, event, "zh")
    assert chinese is not None and "英偉達H20芯片出口禁令 是" in chinese and "34%" in chinese


def test_the_simulations_narration_says_no_flag_as_a_number() -> None:
    command = [sys.executable, "-m", "server.cli", "simulate", "--rules"]
    command += [str(RULES_DIR / "intro.yaml"), "--games", "1", "--washington", "planner"]
    command += ["--beijing", "tit_for_tat", "--narrate", "en"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    flags = [
        v.name.en
        for v in load_ruleset(RULES_DIR / "intro.yaml").spec.variables.values()
        if v.kind == "flag"
    ]
    assert " ban on" in done.stdout or "in force on" in done.stdout, done.stdout
    for flag in flags:
        assert f"{flag} 0" not in done.stdout and f"{flag} 1" not in done.stdout, flag
