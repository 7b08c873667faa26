"""Rule files, mutated at random, fed to the loader and to `brink rules check`.

The real files of rules/ are copied to a scratch folder; each example breaks one of them (a key
deleted or retyped, a value replaced by random YAML, a huge number, a broken expression, lines
deleted, duplicated or garbled, an alias bomb, nesting ten thousand levels deep) and then loads
the scenarios and checks the file. Whatever the file holds, the loader must either accept it or
raise `RuleCheckFailed` whose every error names an existing file, a line inside it, a column and
what is wrong — never another exception, never a hang (each load runs under a time limit), and
an error must always print. A ruleset the loader accepts must survive the JSON round trip that
stores it with every room.

The deterministic tests at the end pin each bug this fuzzing found in server/ruleset/.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import pytest
from fuzz.budget import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from server.cli import main
from server.ruleset.expr import MAX_DEPTH, ExpressionError, parse
from server.ruleset.loader import check_paths, load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.source import (
    MAX_FILE_BYTES,
    MAX_NESTING,
    MAX_NODES,
    RuleCheckFailed,
    RuleError,
    read_source,
)
from server.settings import ROOT

RULES = ROOT / "rules"
SCENARIOS = ["intro.yaml", "classroom.yaml", "full_2025.yaml"]
LIBRARIES = ["base/core.yaml", "base/cards.yaml", "base/news.yaml"]
FILES = SCENARIOS + LIBRARIES
TIME_LIMIT = 20.0
"""Seconds one load or check may take before it counts as a hang (CI machines are slow)."""
T = TypeVar("T")


# ---------------------------------------------------------------- running the loader


class Hung(Exception):
    """The loader ran past TIME_LIMIT."""


@contextlib.contextmanager
def time_limit(seconds: float = TIME_LIMIT) -> Iterator[None]:
    """Raise Hung in the block if it runs longer than `seconds` (SIGALRM: main thread only)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def located(errors: list[RuleError]) -> None:
    """Check that every error names an existing file, a line in it, a column and a problem,
    and prints."""
    assert errors, "RuleCheckFailed without an error"
    for error in errors:
        shown = str(error)
        shown.encode("utf-8")  # printable, whatever the file held
        assert error.message.strip(), shown
        assert "Traceback" not in shown, shown
        assert error.line >= 1 and error.column >= 1, shown
        path = Path(error.file)
        assert path.is_file(), f"{shown}: not a file"
        lines = path.read_bytes().count(b"\n") + 1
        assert error.line <= lines, f"{shown}: the file has {lines} lines"


def attempt(call: Callable[[], T]) -> T | None:
    """Return what `call` returns, or None if it raised RuleCheckFailed with located errors;
    let anything else (and a hang) fail the test."""
    try:
        with time_limit():
            return call()
    except RuleCheckFailed as failure:
        errors, shown = failure.errors, str(failure)
    located(errors)
    shown.encode("utf-8")  # the whole report prints too
    return None


def survives_storage(rules: Ruleset) -> None:
    """An accepted ruleset is stored with each room as JSON and read back by its hash."""
    again = Ruleset.from_json(rules.to_json())
    assert again.hash == rules.hash


def load_and_check(folder: Path, changed: str) -> None:
    """Check the changed file as `brink rules check FILE` does, then (if it passes on its own)
    load a scenario built on it; both must end well or with located errors."""
    errors = attempt(lambda: check_paths([str(folder / changed)]))
    if errors:
        located(errors)
        return
    scenario = changed if changed in SCENARIOS else "intro.yaml"
    rules = attempt(lambda: load_ruleset(folder / scenario))
    if rules is not None:
        survives_storage(rules)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of rules/ that the examples break, one file at a time."""
    copied = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(RULES, copied, ignore=shutil.ignore_patterns("*.md", "history"))
    return copied


@contextlib.contextmanager
def replaced(folder: Path, name: str, content: str | bytes) -> Iterator[None]:
    """Put `content` in the copy's file `name` for the block, then the real file back."""
    target = folder / name
    if isinstance(content, str):
        target.write_bytes(content.encode("utf-8", "surrogatepass"))
    else:
        target.write_bytes(content)
    try:
        yield
    finally:
        shutil.copy(RULES / name, target)


@functools.cache
def _data_of(name: str) -> Any:
    return read_source(RULES / name, name).data


def data_of(name: str) -> Any:
    """Return the real file `name` as plain data (lists, dicts, scalars): a copy to change."""
    return copy.deepcopy(_data_of(name))


def dumped(data: Any) -> str:
    """Return `data` as YAML text (block style; any key or value YAML can write)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


# ---------------------------------------------------------------- strategies

NAMES = st.sampled_from(
    [
        "us_capital",
        "tariff_on_china",
        "cn_pressure",
        "round",
        "stake",
        "deals_in_force",
        "nobody",
        "__import__",
        "__builtins__",
        "ｕs_capital",  # NFKC makes it us_capital
        "é",
        "None",
        "True",
        "on_china",
    ]
)
NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(repr),
    st.sampled_from(["1e999", "-1e999", "0x10", "1_000", "09", "1j", "0b1", "1.5e-300", "nan"]),
)
ATOMS = st.one_of(
    NAMES, NUMBERS, st.sampled_from(["'text'", '"s"', "[]", "{}", "()", "...", "b''", "f'{x}'"])
)
OPERATORS = st.sampled_from(
    ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@", "==", "!=", "<", "<=",
     ">", ">=", "and", "or", "in", "not in", "is", "is not", ":=", ",", ";", "\n"]
)  # fmt: skip
FUNCTIONS = st.sampled_from(
    ["min", "max", "abs", "int", "clamp", "open", "eval", "__import__", "getattr", "print"]
)


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, OPERATORS, inner).map(" ".join),
        st.tuples(st.sampled_from(["-", "+", "not ", "~", "await ", "*"]), inner).map("".join),
        inner.map(lambda s: f"({s})"),
        st.tuples(FUNCTIONS, st.lists(inner, max_size=3)).map(
            lambda call: f"{call[0]}({', '.join(call[1])})"
        ),
        st.tuples(FUNCTIONS, inner).map(lambda call: f"{call[0]}(x={call[1]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} if {t[1]} else {t[2]}"),
        inner.map(lambda s: f"{s}.__class__.__bases__"),
        inner.map(lambda s: f"{s}[0]"),
        inner.map(lambda s: f"lambda: {s}"),
        inner.map(lambda s: f"[{s} for x in range(9)]"),
    )


EXPRESSIONS = st.one_of(
    st.recursive(ATOMS, _compound, max_leaves=12),
    st.text(max_size=40),
    st.integers(1, 600).map(lambda n: "-" * n + "1"),
    st.integers(1, 300).map(lambda n: "(" * n + "1" + ")" * n),
    st.integers(1, 120).map(lambda n: "min(" * n + "1" + ")" * n),
    st.integers(1, 200).map(lambda n: " + ".join(["us_capital"] * n)),
    st.integers(490, 510).map(lambda n: "1" + "+1" * ((n - 1) // 2)),
    st.sampled_from(["", " ", "\x00", "1\x00", "\ud800", "\\", "#", "'''", "\t1", "1 if 1"]),
)
HUGE_INTEGERS = st.one_of(
    st.sampled_from([2**63 - 1, 2**63, -(2**63), 10**100, -(10**300)]),
    st.integers(),
)
TEXTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "\u202eRTL", "zero\u200bwidth", "😀", "\x00", "\ufeff", "é" * 3]),
    st.integers(0, 3000).map(lambda n: "x" * n),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    HUGE_INTEGERS,
    st.floats(),
    TEXTS,
    EXPRESSIONS,
    st.sampled_from(["washington", "beijing", "us_tariff_34", "intro", "betting", "talks"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(TEXTS, NAMES), inner, max_size=4)
    ),
    max_leaves=10,
)
SNIPPETS = st.one_of(
    st.sampled_from(
        [
            "&a ", "*a", "<<: *a", "!!binary AAAA", "!!python/object:os.system ls", "!!set",
            "!!omap", "!custom", "%YAML 1.1", "---", "...", "\t", "? ", "[", "{", "}", "]",
            "'", '"', '"\\ud800"', "\"\\x00\"", "#", "|", ">", "- ", ": ", "\x00", "\ufeff",
            "\u202e", "\u200b", "9" * 5000, "0x" + "f" * 5000, "1:2:3", "~", ".nan", "&a [*a]",
        ]
    ),
    TEXTS,
)  # fmt: skip


def paths_in(node: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the path of every node (the root first)."""
    yield where
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_in(value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths_in(value, (*where, index))


def expression_paths(node: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the path of every expression or amount in a rule file's data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("when", "requires", "means", "must_fold", "extend_deals"):
                yield (*where, key)
            elif key in ("set", "add", "scoring") and isinstance(value, dict):
                yield from ((*where, key, name) for name in value)
            else:
                yield from expression_paths(value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from expression_paths(value, (*where, index))


def at(node: Any, where: tuple[Any, ...]) -> Any:
    for part in where:
        node = node[part]
    return node


def mutated(data: Any, draw: st.DataObject) -> Any:
    """Return `data` with one random change at a random place."""
    where = draw.draw(st.sampled_from(list(paths_in(data))), label="where")
    kind = draw.draw(
        st.sampled_from(["delete", "replace", "retype", "duplicate", "add", "rename"]),
        label="change",
    )
    if not where:
        return draw.draw(VALUES, label="whole file") if kind == "replace" else data
    parent, key = at(data, where[:-1]), where[-1]
    if kind == "delete":
        del parent[key]
    elif kind == "replace":
        parent[key] = draw.draw(VALUES, label="value")
    elif kind == "retype":
        value = parent[key]
        parent[key] = draw.draw(
            st.sampled_from([[value], {"x": value}, str(value), None, 0, [], {}]), label="as"
        )
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    elif kind == "add" and isinstance(parent, dict):
        parent[draw.draw(st.one_of(TEXTS, NAMES), label="new key")] = draw.draw(VALUES)
    elif kind == "rename" and isinstance(parent, dict):
        parent[draw.draw(st.one_of(TEXTS, NAMES), label="renamed")] = parent.pop(key)
    return data


def edited(text: str, draw: st.DataObject) -> str:
    """Return `text` with a few random edits of its lines and characters."""
    lines = text.split("\n")
    for _ in range(draw.draw(st.integers(1, 4), label="edits")):
        index = draw.draw(st.integers(0, len(lines) - 1), label="line")
        kind = draw.draw(
            st.sampled_from(["delete", "duplicate", "insert", "splice", "indent", "truncate"]),
            label="edit",
        )
        if kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "duplicate":  # a duplicate key, or a duplicate list entry
            lines.insert(index, lines[index])
        elif kind == "insert":
            lines.insert(index, draw.draw(SNIPPETS, label="inserted line"))
        elif kind == "splice":
            line = lines[index]
            cut = draw.draw(st.integers(0, len(line)), label="at")
            lines[index] = line[:cut] + draw.draw(SNIPPETS, label="spliced") + line[cut:]
        elif kind == "indent":
            shift = draw.draw(st.sampled_from([" ", "  ", "\t", " " * 17]), label="indent")
            lines[index] = shift + lines[index]
        elif kind == "truncate":
            lines = lines[: index + 1]
    return "\n".join(lines)


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


def alias_bomb(fanout: int, levels: int) -> str:
    """A "billion laughs": each anchor a list of `fanout` aliases of the one before."""
    lines = ["l0: &l0 [lol]"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * fanout)
        lines.append(f"l{level}: &l{level} [{aliases}]")
    return "\n".join(lines)


def nested(depth: int, flow: bool) -> str:
    if flow:
        return "[" * depth + "]" * depth
    return "\n" + "".join(" " * (level + 2) + "- \n" for level in range(depth))


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


# ---------------------------------------------------------------- what fuzzing found


def only_error(path: Path) -> RuleError:
    with time_limit(), pytest.raises(RuleCheckFailed) as failure:
        load_ruleset(path)
    located(failure.value.errors)
    assert len(failure.value.errors) == 1, failure.value.errors
    return failure.value.errors[0]


def written(folder: Path, text: str, name: str = "broken.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


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
