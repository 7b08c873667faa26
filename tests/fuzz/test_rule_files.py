"""Rule files, mutated at random, fed to the loader and to `brink rules check`.

The real files of rules/ are copied to a scratch folder; each example breaks one of them (a key
deleted or retyped, a value replaced by random YAML, a huge number, a broken expression, lines
deleted, duplicated or garbled, an alias bomb, nesting ten thousand levels deep) and then loads
the scenarios and checks the file. Whatever the file holds, the loader must either accept it or
raise `RuleCheckFailed` whose every error names an existing file, a line inside it, a column and
what is wrong — never another exception, never a hang (each load runs under a time limit), and
an error must always print. A ruleset the loader accepts must survive the JSON round trip that
stores it with every room.

The deterministic tests of test_rule_files_found.py pin each bug this fuzzing found in
server/ruleset/; the helpers are in fuzz/rulekit.py.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from fuzz.budget import fuzz_settings
from fuzz.rulekit import (
    EXPRESSIONS,
    FILES,
    RULES,
    TIME_LIMIT,
    VALUES,
    alias_bomb,
    at,
    attempt,
    data_of,
    dumped,
    edited,
    expression_paths,
    load_and_check,
    located,
    mutated,
    nested,
    replaced,
    survives_storage,
)
from hypothesis import given
from hypothesis import strategies as st

from server.ruleset.loader import check_paths, load_ruleset


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of rules/ that the examples break, one file at a time."""
    copied = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(RULES, copied, ignore=shutil.ignore_patterns("*.md", "history"))
    return copied


# ---------------------------------------------------------------- fuzzing


@fuzz_settings(10)
@given(name=st.sampled_from(FILES), data=st.data())
def test_a_rule_file_with_a_random_change_fails_only_with_located_errors(
    folder: Path, name: str, data: st.DataObject
) -> None:
    text = dumped(mutated(data_of(name), data))
    with replaced(folder, name, text):
        load_and_check(folder, name)


@fuzz_settings(12)
@given(name=st.sampled_from(FILES), data=st.data())
def test_a_rule_file_with_garbled_lines_fails_only_with_located_errors(
    folder: Path, name: str, data: st.DataObject
) -> None:
    text = edited((RULES / name).read_text(encoding="utf-8"), data)
    with replaced(folder, name, text):
        load_and_check(folder, name)


@fuzz_settings(12)
@given(name=st.sampled_from(FILES), data=st.data())
def test_a_broken_expression_is_a_located_error(
    folder: Path, name: str, data: st.DataObject
) -> None:
    broken = data_of(name)
    where = data.draw(st.sampled_from(list(expression_paths(broken))), label="expression")
    at(broken, where[:-1])[where[-1]] = data.draw(EXPRESSIONS, label="source")
    with replaced(folder, name, dumped(broken)):
        load_and_check(folder, name)


@fuzz_settings(25)
@given(content=st.one_of(VALUES.map(dumped), st.binary(max_size=300), st.text(max_size=300)))
def test_any_document_at_all_fails_only_with_located_errors(
    tmp_path_factory: pytest.TempPathFactory, content: str | bytes
) -> None:
    path = tmp_path_factory.mktemp("random") / "random.yaml"
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
    else:
        path.write_bytes(content)
    rules = attempt(lambda: load_ruleset(path))
    if rules is not None:
        survives_storage(rules)
    errors = attempt(lambda: check_paths([str(path)]))
    if errors:
        located(errors)


@fuzz_settings(12)
@given(
    bomb=st.one_of(
        st.tuples(st.integers(2, 12), st.integers(1, 14)).map(lambda t: alias_bomb(*t)),
        st.tuples(st.integers(1, 20_000), st.booleans()).map(lambda t: "x: " + nested(*t)),
        st.integers(1, 8000).map(lambda n: "x: " + "9" * n),
        st.integers(0, 5).map(lambda n: "x: &a\n" + "  y: &b [*a]\n" * n + "z: *a"),
    ),
    where=st.sampled_from(["top", "section", "text"]),
)
def test_bombs_and_deep_nesting_are_refused_in_time(
    tmp_path_factory: pytest.TempPathFactory, bomb: str, where: str
) -> None:
    if where == "section":  # the bomb as a section's value
        bomb = bomb.replace("x: ", "cards: ", 1)
    elif where == "text":  # the bomb inside a mapping the schema knows
        bomb = "scenario:\n" + "\n".join("  " + line for line in bomb.split("\n"))
    path = tmp_path_factory.mktemp("bomb") / "bomb.yaml"
    path.write_text(bomb, encoding="utf-8")
    started = time.monotonic()
    attempt(lambda: load_ruleset(path))
    errors = attempt(lambda: check_paths([str(path)]))
    if errors:
        located(errors)
    assert time.monotonic() - started < TIME_LIMIT
