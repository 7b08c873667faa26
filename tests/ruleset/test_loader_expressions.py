"""The sandboxed expression language of rule files (see test_loader.py): what the parser
refuses, the names an expression reads, and how its values are computed."""

from __future__ import annotations

import pytest

from server.ruleset.expr import Evaluator, ExpressionError, parse
from server.ruleset.model import Ruleset

pytestmark = pytest.mark.usefixtures("_at_repository_root")


# Expressions


def test_expression_parser_rejects_attribute_access() -> None:
    with pytest.raises(ExpressionError, match="uses Attribute, which is not allowed"):
        parse("us_capital.real > 0")


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os')",
        "open('/etc/passwd')",
        "eval('1')",
        "round(us_capital)",
        "__import__('os').system('ls')",
    ],
)
def test_expression_parser_rejects_calls_outside_the_allowed_functions(source: str) -> None:
    with pytest.raises(ExpressionError, match="calls an unknown function"):
        parse(source)


@pytest.mark.parametrize(
    ("source", "node"),
    [
        ("[1, 2][0]", "Subscript"),
        ("lambda: 1", "Lambda"),
        ("x = 1", "Assign"),
        ("import os", "Import"),
        ("f'{us_capital}'", "JoinedStr"),
        ("[x for x in deals_struck]", "ListComp"),
    ],
)
def test_expression_parser_rejects_anything_but_arithmetic_and_comparisons(
    source: str, node: str
) -> None:
    with pytest.raises(ExpressionError, match=f"uses {node}, which is not allowed"):
        parse(source)


def test_expression_parser_rejects_keyword_arguments() -> None:
    with pytest.raises(ExpressionError, match="keyword arguments"):
        parse("max(us_capital, default=0)")


def test_expression_parser_reports_a_syntax_error() -> None:
    with pytest.raises(ExpressionError, match="does not parse"):
        parse("tariff_on_china >")


def test_expression_names_are_the_variables_read_not_the_functions_called() -> None:
    parsed = parse("clamp(us_capital + stake, 0, max(cn_capital, 3)) if round > 1 else abs(x)")

    assert parsed.names == {"us_capital", "stake", "cn_capital", "round", "x"}


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("7 / 2", 3),
        ("-7 / 2", -4),
        ("tariff_on_china / 20", 2),
        ("10 // 3", 3),
        ("2.9", 2),
        ("clamp(9 / 2, 1, 3)", 3),
        ("tariff_on_china > 10", 1),
        ("1 if tariff_on_china > 60 else -1", -1),
    ],
)
def test_expression_values_round_down_to_whole_numbers(
    valid: Ruleset, source: str, value: int
) -> None:
    assert valid.value(source, {"tariff_on_china": 50}) == value


def test_plain_number_amounts_need_no_expression(valid: Ruleset) -> None:
    assert valid.value(-15, {}) == -15


def test_missing_condition_always_holds_and_others_follow_the_names(valid: Ruleset) -> None:
    assert valid.holds(None, {})
    assert valid.holds("us_pressure >= 100", {"us_pressure": 100})
    assert not valid.holds("us_pressure >= 100", {"us_pressure": 99})


def test_expression_failing_at_run_time_raises_expression_error() -> None:
    with pytest.raises(ExpressionError, match="failed"):
        Evaluator().value(parse("1 / us_capital"), {"us_capital": 0})


def test_blank_expression_is_an_expression_error() -> None:
    with pytest.raises(ExpressionError):
        parse("   ")


def test_expression_parser_rejects_operators_the_evaluator_cannot_run() -> None:
    with pytest.raises(ExpressionError):
        parse("us_capital @ 2")


def test_expression_parser_rejects_text_constants() -> None:
    with pytest.raises(ExpressionError):
        parse("'ten'")
