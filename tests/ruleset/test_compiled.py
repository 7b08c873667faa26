"""Compiled expressions agree with simpleeval itself on every expression in the rule files."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from helpers import RULES_DIR, TABLE
from hypothesis import given, settings
from hypothesis import strategies as st

from server.ruleset.expr import Evaluator, ExpressionError, parse
from server.ruleset.loader import load_ruleset
from server.ruleset.model import BUILTIN_NAMES, Ruleset

SCENARIOS = [*sorted(RULES_DIR.glob("*.yaml")), TABLE]


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("when", "requires", "means", "must_fold") and isinstance(value, str):
                yield value
            elif key in ("set", "add", "scoring") and isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, str))
            elif key == "extend_deals" and isinstance(value, str):
                yield value
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _expressions(rules: Ruleset) -> list[str]:
    return sorted(set(_strings(rules.spec.model_dump())))


@cache
def _loaded(path: Path) -> tuple[Ruleset, list[str]]:
    rules = load_ruleset(path)
    return rules, _expressions(rules)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_compiled_expressions_agree_with_simpleeval(path: Path, data: st.DataObject) -> None:
    rules, expressions = _loaded(path)
    params = {name for term in rules.spec.deal_terms for name in term.params}
    names = {
        name: data.draw(st.integers(spec.min, spec.max), label=name)
        for name, spec in rules.spec.variables.items()
    }
    for name in sorted(BUILTIN_NAMES | params):
        names[name] = data.draw(st.integers(0, 12), label=name)
    fast, reference = Evaluator(), Evaluator(reference=True)
    assert expressions, "no expressions found"
    for source in expressions:
        parsed = parse(source)
        assert fast.value(parsed, names) == reference.value(parsed, names), source
        assert fast.holds(parsed, names) == reference.holds(parsed, names), source


def test_division_by_zero_is_an_expression_error_both_ways() -> None:
    parsed = parse("10 // x")
    for evaluator in (Evaluator(), Evaluator(reference=True)):
        with pytest.raises(ExpressionError):
            evaluator.value(parsed, {"x": 0})


def test_an_unknown_name_is_an_expression_error_both_ways() -> None:
    parsed = parse("x + 1")
    for evaluator in (Evaluator(), Evaluator(reference=True)):
        with pytest.raises(ExpressionError):
            evaluator.value(parsed, {})


def test_chained_comparisons_and_short_circuits_match() -> None:
    cases = ["1 < x < 5", "x and 0 or 7", "not x", "-x + +x", "clamp(x * 3, 2, 9) % 4", "x / 4"]
    for source in cases:
        parsed = parse(source)
        for x in range(-2, 8):
            results = {e.value(parsed, {"x": x}) for e in (Evaluator(), Evaluator(True))}
            assert len(results) == 1, source
