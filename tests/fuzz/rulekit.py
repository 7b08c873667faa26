"""Running the loader on broken rule files, and breaking them: the helpers of
tests/fuzz/test_rule_files.py (the fuzzing) and tests/fuzz/test_rule_files_found.py (what it
found). What every run must hold to: test_rule_files.py's docstring."""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import pytest
from hypothesis import strategies as st
from ruamel.yaml import YAML

from server.ruleset.loader import check_paths, load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.source import (
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
