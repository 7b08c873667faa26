"""The secret objectives and outcomes say what their conditions hold (rules/base/core.yaml).

A fresh player saw Washington's "Keep the lines running" ("End the game with the rare-earth
controls lifted…") marked met while the end screen listed the medium and heavy rare-earth
controls still in force: the condition read only `cn_ree_controls`, which "Resume magnet
licences" clears while the heavy controls stay on. And the Standoff ending said "nobody folds"
in a game where Beijing had folded hand 2: the ending is the last hand's, after any hands folded.
"""

from __future__ import annotations

import pytest
from helpers import RULES_DIR

from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset

SCENARIOS = ["intro", "classroom", "full_2025"]


def _names(rules: Ruleset, **values: int) -> dict[str, int]:
    names = {name: spec.initial for name, spec in rules.spec.variables.items()}
    names.update(folds_washington=0, folds_beijing=0, round=1, rounds=3, deals_in_force=0)
    names.update(values)
    return names


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_keep_the_lines_is_not_met_while_the_heavy_rare_earth_controls_hold(
    scenario: str,
) -> None:
    rules = load_ruleset(RULES_DIR / f"{scenario}.yaml")
    objective = rules.objectives["us_keep_lines"]
    # Beijing played the medium and heavy controls, then resumed magnet licences (the card
    # clears the seven-element controls only): magnets flow, US lines run.
    after = _names(rules, heavy_ree_controls=1, cn_ree_controls=0, magnet_flow=100, us_magnets=6)
    assert not rules.holds(objective.when, after)
    assert rules.holds(objective.when, {**after, "heavy_ree_controls": 0})
    assert "medium and heavy" in objective.text.en
    assert "中重稀土" in objective.text.zh


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_standoff_does_not_say_nobody_folded(scenario: str) -> None:
    rules = load_ruleset(RULES_DIR / f"{scenario}.yaml")
    text = next(item.text for item in rules.spec.outcomes if item.id == "standoff")
    assert "nobody folds" not in text.en
    assert "沒有人棄牌" not in text.zh


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_grand_bargain_says_which_controls_it_lifts(scenario: str) -> None:
    rules = load_ruleset(RULES_DIR / f"{scenario}.yaml")
    end = next(item for item in rules.scenario.end_final if item.outcome == "grand_bargain")
    # two deals, tariffs down, lines running: one chip control and the heavy rare-earth
    # controls still in force are a grand bargain all the same
    names = _names(rules, deals_in_force=2, fentanyl_tariff=0, h20_ban=1, heavy_ree_controls=1)
    assert rules.holds(end.when, names)
    text = next(item.text for item in rules.spec.outcomes if item.id == "grand_bargain")
    assert "the choke-point controls are lifted" not in text.en  # it said so
    assert "all but one chip control" in text.en
    assert "芯片管制至多保留一項" in text.zh
