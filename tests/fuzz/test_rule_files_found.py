"""What fuzzing rule files found (tests/fuzz/test_rule_files.py): each bug it found in
server/ruleset/, pinned by a deterministic test."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fuzz.rulekit import (
    FILES,
    RULES,
    _data_of,
    alias_bomb,
    located,
    nested,
    only_error,
    paths_in,
    written,
)

from server.cli import main
from server.ruleset.expr import MAX_DEPTH, ExpressionError, parse
from server.ruleset.loader import check_paths
from server.ruleset.source import (
    MAX_FILE_BYTES,
    MAX_NESTING,
    MAX_NODES,
    RuleCheckFailed,
    RuleError,
)

# ---------------------------------------------------------------- what fuzzing found


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_nesting_ten_thousand_levels_deep_is_refused_at_once(tmp_path: Path, flow: bool) -> None:
    # Was: RecursionError after ~6 s (flow), the scanner slowing with the square of the depth.
    depth = 10_000 if flow else 1_000
    started = time.monotonic()
    error = only_error(written(tmp_path, "scenario:\n  id: " + nested(depth, flow)))
    assert time.monotonic() - started < 2
    assert f"nested more than {MAX_NESTING} levels deep" in error.message
    assert error.line >= 2


def test_a_billion_laughs_is_refused_not_expanded(tmp_path: Path) -> None:
    # Was: the loader expanded 9**9 aliases (a hang, then memory exhausted).
    started = time.monotonic()
    error = only_error(written(tmp_path, alias_bomb(9, 9)))
    assert time.monotonic() - started < 5
    assert f"more than {MAX_NODES} values once its aliases are expanded" in error.message


def test_aliases_that_nest_deeper_than_allowed_are_refused(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [[[[[[[[*a{i - 1}]]]]]]]]" for i in range(1, 12)]
    error = only_error(written(tmp_path, "\n".join(levels)))
    assert "levels deep through aliases" in error.message


def test_merge_keys_load_and_their_errors_are_located(tmp_path: Path) -> None:
    # Was: TypeError (a key brought in by `<<: *anchor` has no line of its own).
    text = (
        "outcomes:\n"
        "  - <<: &base {text: {en: t, zh: t}}\n"
        "    id: merged\n"
        "    name: {en: n, zh: n}\n"
        "  - <<: *base\n"
        "    id: other\n"
        "    name: {en: m, zh: m}\n"
    )
    assert check_paths([str(written(tmp_path, text))]) == []
    errors = check_paths([str(written(tmp_path, text.replace("    id: other\n", "")))])
    located(errors)
    assert [(e.line, e.message) for e in errors] == [(5, "outcomes[1].id: missing field")]


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "9" * 4301, str(2**63), "0x" + "f" * 40])
def test_a_number_too_large_is_a_located_error(tmp_path: Path, number: str) -> None:
    # Was: ValueError (Python reads no decimal of more than 4300 digits).
    error = only_error(written(tmp_path, f"scenario:\n  rounds: {number}\n"))
    assert (error.line, error.column) == (2, 11)
    assert "the number is out of range" in error.message


def test_a_file_too_large_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = written(tmp_path, "# " + "x" * MAX_FILE_BYTES)
    error = only_error(path)
    assert (error.line, error.column) == (1, 1)
    assert f"larger than {MAX_FILE_BYTES} bytes" in error.message


def test_extends_naming_a_file_too_long_for_the_system_is_no_such_file(tmp_path: Path) -> None:
    # Was: OSError (File name too long) out of Path.is_file.
    error = only_error(written(tmp_path, f"extends: ['{'a' * 5000}']\n"))
    assert error.message.startswith("extends: no such file 'aaaa")


def test_brink_rules_check_of_a_path_too_long_says_no_such_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "check", "a" * 5000]) == 1
    assert capsys.readouterr().out.endswith(": no such file or folder\n")


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("-" * 400 + "1", "too complex"),  # was: RecursionError while compiling
        ("+" * 499 + "1", "too complex"),
        ("not " * 120 + "1", "too complex"),
        ("min(" * 101 + "1" + ")" * 101, "too complex"),
        ("(" * 300 + "1" + ")" * 300, "does not parse"),
    ],
)
def test_an_expression_nested_too_deeply_is_an_expression_error(source: str, problem: str) -> None:
    with pytest.raises(ExpressionError) as refused:
        parse(source)
    assert problem in str(refused.value)


def test_the_deepest_expression_allowed_compiles_and_evaluates() -> None:
    from server.ruleset.expr import Evaluator

    expression = parse("-" * (MAX_DEPTH - 2) + "1")
    assert Evaluator().value(expression, {}) == (-1 if MAX_DEPTH % 2 else 1)


def test_an_error_naming_what_utf8_cannot_encode_still_prints() -> None:
    error = RuleError("rules/\udcff.yaml", 1, 1, "variables.\ud800: unknown field")
    assert str(error) == "rules/\\udcff.yaml:1:1: variables.\\ud800: unknown field"
    assert str(RuleCheckFailed([error])).encode("utf-8")


def test_the_real_rules_are_well_inside_every_limit() -> None:
    for name in FILES:
        assert len((RULES / name).read_bytes()) < MAX_FILE_BYTES // 10
        nodes = sum(1 for _ in paths_in(_data_of(name)))
        assert nodes < MAX_NODES // 100, name
        assert max(len(path) for path in paths_in(_data_of(name))) < MAX_NESTING // 4, name
