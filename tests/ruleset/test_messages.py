"""Messages told in the words of the file that has the problem, and checks of a library alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from server.ruleset.loader import check_paths, load_ruleset
from server.ruleset.messages import located
from server.ruleset.schema import RuleFile
from server.ruleset.source import PathKey, RuleCheckFailed, Source, read_source

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LIB = HERE / "valid" / "lib.yaml"
LIST = "Input should be a list ([a, b], or one `- ` line each), not "
SCENARIO = (HERE / "broken" / "09_unknown_card_in_deck" / "scenario.yaml").read_text("utf-8")
CARD = """\
  - id: us_probe
    side: washington
    name: {en: Probe, zh: 探測}
    text: {en: A probe., zh: 探測。}
"""


@pytest.fixture(autouse=True)
def _at_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _messages(folder: Path, name: str, text: str) -> list[str]:
    path = _write(folder, name, text)
    return [error.message for error in check_paths([str(path)])]


# Messages


def test_merged_path_is_shown_as_the_path_in_the_file_the_line_points_into(
    tmp_path: Path,
) -> None:
    source = read_source(_write(tmp_path, "lib.yaml", "cards:\n  - id: us_bad\n"), "lib.yaml")
    card = read_source(_write(tmp_path, "card.yaml", CARD), "card.yaml").data[0]
    data = {"cards": [card, card, card, card, *source.data["cards"]]}

    def locate(where: PathKey) -> tuple[Source, PathKey]:
        return (source, ("cards", 0, *where[2:])) if where[:2] == ("cards", 4) else (source, where)

    with pytest.raises(ValidationError) as error:
        RuleFile.model_validate(data)
    messages = [str(e) for e in located(error.value, data, locate)]

    assert messages[:2] == [
        "lib.yaml:2:5: cards[0].side: missing field",
        "lib.yaml:2:5: cards[0].name: missing field",
    ]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("[1]", "Input should be a valid integer or an expression (in quotes), not a list"),
        ('""', "the expression is empty: write one (in quotes)"),
        ("2.5", "Input should be a valid integer or an expression (in quotes), not 2.5"),
    ],
)
def test_union_branches_give_one_message(tmp_path: Path, amount: str, message: str) -> None:
    text = f"resolution:\n  - add: {{int: {amount}}}\n"

    assert _messages(tmp_path, "lib.yaml", text) == [f"resolution[0].add.int: {message}"]


def test_model_validator_message_has_no_pydantic_prefix(tmp_path: Path) -> None:
    text = "variables:\n  x: {name: {en: X, zh: X}, min: 5, max: 1, initial: 3}\n"

    assert _messages(tmp_path, "lib.yaml", text) == ["variables.x: min 5 is greater than max 1"]


# extends


@pytest.mark.parametrize("kind", ["library", "scenario"])
def test_extends_written_as_one_path_is_an_error(tmp_path: Path, kind: str) -> None:
    text = f'extends: "{LIB.as_posix()}"\n' + ("scenario:\n  id: x\n" if kind == "scenario" else "")

    messages = _messages(tmp_path, f"{kind}.yaml", text)

    assert messages[0] == f"extends: {LIST}'{LIB.as_posix()}'"


def test_problems_of_every_file_reached_are_reported_together(tmp_path: Path) -> None:
    _write(tmp_path, "bad.yaml", "outcomes: {}\n")
    path = _write(tmp_path, "scenario.yaml", "extends: [bad.yaml, gone.yaml]\nnews: 3\n")

    with pytest.raises(RuleCheckFailed) as failure:
        load_ruleset(path)

    assert [str(error) for error in failure.value.errors] == [
        f"{tmp_path / 'bad.yaml'}:1:1: outcomes: {LIST}a mapping",
        f"{path}:1:21: extends: no such file 'gone.yaml'",
        f"{path}:2:1: news: {LIST}3",
    ]


def test_missing_extended_file_is_reported_with_the_files_other_problems(tmp_path: Path) -> None:
    path = _write(tmp_path, "lib.yaml", "extends: [gone.yaml]\n")

    assert _messages(tmp_path, "lib.yaml", path.read_text()) == [
        "extends: no such file 'gone.yaml'"
    ]


# A library checked alone


def test_library_alone_reports_duplicate_ids_and_bad_expressions(tmp_path: Path) -> None:
    text = f"cards:\n{CARD}    requires: 'a @ 1'\n{CARD}"

    assert _messages(tmp_path, "lib.yaml", text) == [
        f"cards[1].id: duplicate card id 'us_probe' (first at {tmp_path / 'lib.yaml'}:2)",
        "cards[0].requires: expression 'a @ 1' uses MatMult, which is not allowed",
    ]


def test_library_without_variables_may_name_a_sibling_librarys(tmp_path: Path) -> None:
    text = f"cards:\n{CARD}    requires: 'tariff_on_china > 0'\n    effects: [{{add: {{x: 1}}}}]\n"

    assert _messages(tmp_path, "cards.yaml", text) == []


def test_library_with_variables_must_name_its_own(tmp_path: Path) -> None:
    text = (
        f'extends: ["{LIB.as_posix()}"]\n'
        f"cards:\n{CARD}    requires: 'tarif_on_china > 0'\n    effects: [{{add: {{x: 1}}}}]\n"
    )

    assert _messages(tmp_path, "cards.yaml", text) == [
        "cards[0].requires:"
        " expression 'tarif_on_china > 0' names unknown variable 'tarif_on_china'",
        "cards[0].effects[0].add.x: unknown variable 'x'",
    ]


def test_library_alone_is_not_asked_for_a_scenarios_parts(tmp_path: Path) -> None:
    text = (
        "deal_terms:\n  - id: truce\n    name: {en: T, zh: T}\n    text: {en: T, zh: T}\n"
        "    forbids: {washington: [tariff]}\n"
        f"cards:\n{CARD}    roles: [president]\n"
    )

    assert _messages(tmp_path, "lib.yaml", text) == []


def test_scenario_reaching_a_library_twice_checks_clean(tmp_path: Path) -> None:
    _write(tmp_path, "left.yaml", f'extends: ["{LIB.as_posix()}"]\n')
    _write(tmp_path, "right.yaml", f'extends: ["{LIB.as_posix()}"]\n')
    text = SCENARIO.replace("../../valid/lib.yaml", "left.yaml, right.yaml")
    text = text.replace("us_tariff_99", "us_chip_ban")

    assert _messages(tmp_path, "scenario.yaml", text) == []
