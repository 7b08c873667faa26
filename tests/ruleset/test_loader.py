"""Loading, merging and checking rule files (the sandboxed expression language:
test_loader_expressions.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from server.ruleset.loader import check_paths, load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.source import RuleCheckFailed, RuleError

pytestmark = pytest.mark.usefixtures("_at_repository_root")


HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
VALID = HERE / "valid"
BROKEN = HERE / "broken"
LIB = VALID / "lib.yaml"

# A scenario over the valid library with nothing of its own, for tests that add one thing to it.
SCENARIO = f"""\
extends: ["{LIB.as_posix()}"]
scenario:
  id: probe
  name: {{en: Probe, zh: 探測}}
  text: {{en: A probe., zh: 探測。}}
  rounds: 2
  hand_size: 2
  decks:
    washington: [us_tariff_34, us_chip_ban]
    beijing: [cn_ree_ban, cn_soybean_stop]
  phases:
    - {{id: betting, kind: betting, name: {{en: Betting, zh: 下注}}}}
    - {{id: resolution, kind: resolution, name: {{en: Resolution, zh: 結算}}}}
  end_final:
    - {{outcome: coexistence}}
  scoring:
    washington: us_credibility
    beijing: "100 - cn_pressure"
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[RuleError]:
    with pytest.raises(RuleCheckFailed) as failure:
        load_ruleset(path)
    return failure.value.errors


def _copy_of_valid(folder: Path, old: str, new: str) -> Path:
    """Copy the valid fixture into `folder`, replacing `old` by `new` in the scenario."""
    shutil.copy(LIB, folder / "lib.yaml")
    text = (VALID / "scenario.yaml").read_text(encoding="utf-8")
    assert old in text
    return _write(folder, "scenario.yaml", text.replace(old, new))


# Merging


def test_scenario_merges_cards_from_the_library_it_extends(valid: Ruleset) -> None:
    assert list(valid.cards) == [
        "us_tariff_34",
        "us_chip_ban",
        "cn_ree_ban",
        "cn_soybean_stop",
        "us_entity_list",
    ]


def test_scenario_entry_replaces_library_variable_with_same_key(valid: Ruleset) -> None:
    assert valid.spec.variables["us_capital"].initial == 5
    assert list(valid.spec.variables)[:2] == ["us_capital", "cn_capital"]  # keeps its place
    assert valid.spec.variables["cn_capital"].initial == 3


def test_library_resolution_steps_come_before_the_scenarios_own(valid: Ruleset) -> None:
    assert [step.when for step in valid.spec.resolution] == [
        "cn_ree_controls == 1",
        "round == rounds",
    ]


def test_scenario_offers_only_the_deal_terms_it_names(tmp_path: Path) -> None:
    extra_term = """\
deal_terms:
  - id: chip_truce
    name: {en: Chip truce, zh: 晶片休戰}
    text: {en: No new chip bans., zh: 不再新增晶片禁令。}
    forbids: {washington: [export_control]}
"""
    everything = _write(tmp_path, "everything.yaml", SCENARIO + extra_term)
    picked = SCENARIO.replace("  rounds: 2\n", "  rounds: 2\n  deal_terms: [chip_truce]\n")
    limited = _write(tmp_path, "limited.yaml", picked + extra_term)

    assert list(load_ruleset(everything).terms) == ["tariff_truce", "chip_truce"]
    assert list(load_ruleset(limited).terms) == ["chip_truce"]


def test_a_library_may_extend_another_library(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "middle.yaml",
        f'extends: ["{LIB.as_posix()}"]\n'
        "outcomes:\n"
        "  - {id: truce, name: {en: Truce, zh: 休戰}, text: {en: A truce., zh: 休戰。}}\n",
    )
    path = _write(
        tmp_path,
        "scenario.yaml",
        SCENARIO.replace(LIB.as_posix(), "middle.yaml").replace("coexistence", "truce"),
    )

    assert list(load_ruleset(path).outcomes) == ["coexistence", "us_capitulates", "truce"]


def test_library_reached_twice_through_different_paths_is_merged_once(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "common.yaml",
        "outcomes:\n"
        "  - {id: truce, name: {en: Truce, zh: 休戰}, text: {en: A truce., zh: 休戰。}}\n",
    )
    _write(tmp_path, "left.yaml", "extends: [common.yaml]\n")
    _write(tmp_path, "right.yaml", "extends: [common.yaml]\n")
    path = _write(
        tmp_path,
        "scenario.yaml",
        SCENARIO.replace(f'"{LIB.as_posix()}"', f'"{LIB.as_posix()}", left.yaml, right.yaml'),
    )

    assert list(load_ruleset(path).outcomes) == ["coexistence", "us_capitulates", "truce"]


def test_load_ruleset_refuses_a_library_without_a_scenario() -> None:
    with pytest.raises(RuleCheckFailed) as failure:
        load_ruleset(LIB)

    assert [str(e) for e in failure.value.errors] == [
        "tests/ruleset/valid/lib.yaml:1:1: not a scenario: it has no `scenario:` section"
    ]


def test_load_ruleset_reports_every_problem_at_once(tmp_path: Path) -> None:
    path = _copy_of_valid(
        tmp_path,
        "beijing: [cn_ree_ban, cn_soybean_stop]",
        "beijing: [cn_ree_ban, cn_soybean_stop, cn_rare_gallium, us_chip_ban]",
    )

    messages = [error.message for error in _problems(path)]

    assert messages == [
        "scenario.decks.beijing[2]: unknown card 'cn_rare_gallium'",
        "scenario.decks.beijing[3]: 'us_chip_ban' is a washington card",
    ]


# Ruleset


def test_ruleset_round_trips_through_json_with_the_same_hash(valid: Ruleset) -> None:
    again = Ruleset.from_json(valid.to_json())

    assert again.hash == valid.hash
    assert again.to_json() == valid.to_json()
    assert again.scenario.scripted_news == {1: "liberation_day"}


def test_ruleset_hash_changes_when_any_rule_changes(valid: Ruleset, tmp_path: Path) -> None:
    path = _copy_of_valid(tmp_path, "initial: 5", "initial: 6")

    assert load_ruleset(path).hash != valid.hash
    assert re.fullmatch(r"[0-9a-f]{16}", valid.hash)


def test_ruleset_hash_ignores_comments_and_layout(valid: Ruleset, tmp_path: Path) -> None:
    path = _copy_of_valid(
        tmp_path, "  rounds: 2\n", "  # two hands are enough for a test\n  rounds:   2\n"
    )

    assert load_ruleset(path).hash == valid.hash


def test_secret_objectives_are_dealt_from_the_sides_own(valid: Ruleset) -> None:
    assert valid.side_objectives("washington") == ["us_low_pressure"]
    assert valid.side_objectives("beijing") == ["cn_controls_on"]


# Errors and their places


def _broken_cases() -> list[object]:
    cases = sorted(path for path in BROKEN.iterdir() if path.is_dir())
    return [pytest.param(case, id=case.name) for case in cases]


@pytest.mark.parametrize("case", _broken_cases())
def test_every_error_names_file_line_and_column(case: Path) -> None:
    errors = check_paths([case.relative_to(REPO).as_posix()])

    for error in errors:
        assert re.fullmatch(r"[^:\s]+:\d+:\d+: \S.*", str(error))
        lines = Path(error.file).read_text(encoding="utf-8").splitlines()
        assert 1 <= error.line <= len(lines), error
        assert 1 <= error.column <= len(lines[error.line - 1]) + 1, error


def test_error_paths_are_relative_to_the_working_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)

    [error] = check_paths(["09_unknown_card_in_deck"])

    assert error.file == "09_unknown_card_in_deck/scenario.yaml"


def test_error_paths_outside_the_working_folder_stay_as_given(tmp_path: Path) -> None:
    path = _write(tmp_path, "lib.yaml", "variables: []\n")

    [error] = check_paths([str(path)])

    assert error.file == str(path)
    assert error.message == (
        "variables: Input should be a mapping of fields (`field: value`), not a list"
    )


def test_library_problem_found_twice_is_printed_once() -> None:
    case = BROKEN / "35_error_in_extended_library"

    errors = check_paths([(case / "extra.yaml").as_posix(), (case / "scenario.yaml").as_posix()])

    assert len(errors) == 1


def test_variable_initial_outside_bounds_is_reported_at_the_variable(tmp_path: Path) -> None:
    path = _copy_of_valid(tmp_path, "initial: 5", "initial: 11")

    [error] = _problems(path)

    assert (error.line, error.column) == (5, 3)
    assert error.message.startswith("variables.us_capital: ")
    assert error.message.endswith("initial 11 is outside [0, 10]")


def test_effect_that_does_nothing_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "scenario.yaml", SCENARIO + "resolution:\n  - when: 'round > 1'\n")

    [error] = _problems(path)

    assert (error.line, error.column) == (20, 5)
    assert error.message.endswith("an effect needs at least one of set, add, extend_deals")


def test_last_end_final_entry_with_a_when_is_an_error(tmp_path: Path) -> None:
    path = _copy_of_valid(
        tmp_path, "- {outcome: coexistence}", "- {when: 'round > 0', outcome: coexistence}"
    )

    [error] = _problems(path)

    assert error.message == "scenario.end_final[1].when: the last entry must have no `when`"


def test_deal_term_parameters_are_names_only_inside_their_own_term(tmp_path: Path) -> None:
    card = """\
cards:
  - id: us_free_trade
    side: washington
    name: {en: Free trade, zh: 自由貿易}
    text: {en: Tariffs at the truce level., zh: 關稅降至休戰水準。}
    effects: [{set: {tariff_on_china: on_china}}]
"""
    path = _write(tmp_path, "scenario.yaml", SCENARIO + card)

    [error] = _problems(path)

    assert str(error).endswith(
        ":24:22: cards[0].effects[0].set.tariff_on_china:"
        " expression 'on_china' names unknown variable 'on_china'"
    )


def test_error_message_keeps_a_variable_named_like_a_type(tmp_path: Path) -> None:
    variable = "variables:\n  str:\n    name: {en: Strength, zh: 力量}\n    scope: secret\n"
    path = _write(tmp_path, "scenario.yaml", SCENARIO + variable)

    [error] = _problems(path)

    assert error.message.startswith("variables.str.scope: ")
