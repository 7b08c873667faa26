"""A value of the wrong shape (a number where a list goes, a plain text where a text in both
languages goes) and a YAML tag (`!foo`, `!!python/object`) are told in a rule author's words at
the line to fix, not in pydantic's (`instance of CardSpec`) nor silently dropped (found by a
teacher writing a scenario of their own from rules/docs/authoring.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main

VARIABLE = "variables:\n  x: {name: {en: X, zh: 叉}, min: 0, max: 10, initial: 1}\n"
CARD = (
    "cards:\n  - id: farm_aid\n    side: washington\n"
    "    name: %s\n    text: {en: Aid., zh: 援助。}\n    tags: %s\n"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _check(capsys: pytest.CaptureFixture[str], text: str) -> tuple[int, list[str]]:
    Path("lib.yaml").write_text(text, encoding="utf-8")
    code = main(["rules", "check", "lib.yaml"])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ("text", "told"),
    [
        pytest.param(
            CARD % ("Farm aid", "[aid]"),
            "4:5: cards[0].name: Input should be a text in English and Chinese, "
            "{en: ..., zh: ...}, not 'Farm aid'",
            id="plain-text-for-a-text",
        ),
        pytest.param(
            CARD % ("{en: Aid, zh: 援助}", "aid"),
            "6:5: cards[0].tags: Input should be a list ([a, b], or one `- ` line each), not 'aid'",
            id="word-for-a-list",
        ),
        pytest.param(
            "variables:\n  x: 5\n",
            "2:3: variables.x: Input should be a mapping of fields (`field: value`), not 5",
            id="number-for-a-variable",
        ),
        pytest.param(
            "cards:\n  - farm_aid\n",
            "2:5: cards[0]: Input should be a mapping of fields (`field: value`), not 'farm_aid'",
            id="id-for-a-card",
        ),
        pytest.param(
            "variables: [x, y]\n",
            "1:1: variables: Input should be a mapping of fields (`field: value`), not a list",
            id="list-for-a-section",
        ),
    ],
)
def test_a_value_of_the_wrong_shape_is_told_in_an_authors_words(
    capsys: pytest.CaptureFixture[str], text: str, told: str
) -> None:
    assert _check(capsys, text) == (1, [f"lib.yaml:{told}"])


@pytest.mark.parametrize(
    ("deal_rounds", "told"),
    [
        ("3", "a list of two numbers ([1, 3]), not 3"),
        ("[1, 3, 5]", "a list of two numbers ([1, 3]), not 3 of them"),
        ("[3]", "a list of two numbers ([1, 3]), not 1 of them"),
    ],
)
def test_deal_rounds_not_two_numbers_is_told_so(
    capsys: pytest.CaptureFixture[str], deal_rounds: str, told: str
) -> None:
    text = (
        "scenario:\n  id: mine\n  name: {en: Mine, zh: 我的}\n  text: {en: Mine, zh: 我的}\n"
        f"  rounds: 1\n  deal_rounds: {deal_rounds}\n"
    )

    code, printed = _check(capsys, text)

    assert f"lib.yaml:6:3: scenario.deal_rounds: Input should be {told}" in printed
    assert code == 1


@pytest.mark.parametrize(
    ("text", "told"),
    [
        pytest.param(
            "!!python/object:os.system {}\n",
            "1:1: YAML: the tag '!!python/object:os.system' is not part of a rule file: remove it",
            id="tag-on-the-file",
        ),
        pytest.param(
            VARIABLE + 'resolution:\n  - add: {x: !expr "x + 1"}\n',
            "4:14: YAML: the tag '!expr' is not part of a rule file: remove it",
            id="tag-on-an-amount",
        ),
        pytest.param(
            "variables:\n  x: {name: {en: !foo X, zh: 叉}, min: 0, max: 10, initial: 1}\n",
            "2:18: YAML: the tag '!foo' is not part of a rule file: remove it",
            id="tag-on-a-text",
        ),
        pytest.param(
            "variables: !set\n  x: {name: {en: X, zh: 叉}, min: 0, max: 10, initial: 1}\n",
            "1:12: YAML: the tag '!set' is not part of a rule file: remove it",
            id="tag-on-a-section",
        ),
    ],
)
def test_a_yaml_tag_is_refused_where_it_stands(
    capsys: pytest.CaptureFixture[str], text: str, told: str
) -> None:
    assert _check(capsys, text) == (1, [f"lib.yaml:{told}"])


def test_the_standard_str_tag_makes_a_text(capsys: pytest.CaptureFixture[str]) -> None:
    # YAML's own way to write a number as a text, as good as quotes.
    text = "variables:\n  x: {name: {en: !!str 2025, zh: 叉}, min: 0, max: 10, initial: !!int 1}\n"

    assert _check(capsys, text) == (0, [])


@pytest.mark.parametrize(
    ("value", "told"),
    [
        (
            "!!binary aGVsbG8=",
            "2:55: YAML: the tag '!!binary' is not part of a rule file: remove it",
        ),
        ("!!set {a, b}", "2:55: YAML: the tag '!!set' is not part of a rule file: remove it"),
        ("!!pairs [a: 1]", "2:55: YAML: the tag '!!pairs' is not part of a rule file: remove it"),
        (
            "2025-04-02",
            "2:46: variables.x.initial: Input should be a valid integer, not the date 2025-04-02",
        ),
    ],
)
def test_a_value_of_a_yaml_type_a_rule_file_has_no_use_for_is_named(
    capsys: pytest.CaptureFixture[str], value: str, told: str
) -> None:
    text = VARIABLE.replace("initial: 1", f"initial: {value}")

    assert _check(capsys, text) == (1, [f"lib.yaml:{told}"])


def test_a_date_written_for_a_text_is_told_to_be_quoted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = VARIABLE.replace("en: X", "en: 2025-04-02")

    assert _check(capsys, text) == (
        1,
        [
            "lib.yaml:2:14: variables.x.name.en: Input should be a text, not the date 2025-04-02"
            ' (as a text, in quotes: "2025-04-02")'
        ],
    )


@pytest.mark.parametrize("blank", ['" "', '"\\n"', '"\u3000"'])
def test_a_text_of_spaces_only_is_refused(capsys: pytest.CaptureFixture[str], blank: str) -> None:
    # rules/README.md: "Both are required, and neither may be empty."
    text = CARD % (f"{{en: Aid, zh: {blank}}}", "[aid]")

    assert _check(capsys, text) == (
        1,
        ["lib.yaml:4:21: cards[0].name.zh: the text is only spaces: a player would read nothing"],
    )


def test_an_id_used_twice_names_the_field_and_the_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The teacher's card takes an id the library already has.
    Path("cards.yaml").write_text(CARD % ("{en: Aid, zh: 援助}", "[aid]"), encoding="utf-8")
    Path("mine.yaml").write_text(
        "extends: [cards.yaml]\n" + CARD % ("{en: Aid, zh: 援助}", "[aid]"), encoding="utf-8"
    )
    code = main(["rules", "check", "mine.yaml"])

    assert capsys.readouterr().out.splitlines() == [
        "mine.yaml:3:5: cards[0].id: duplicate card id 'farm_aid' (first at cards.yaml:2)"
    ]
    assert code == 1
