"""The expression language refuses at check time whatever would fail or be ignored in play."""

from __future__ import annotations

import re
import warnings

import pytest

from server.ruleset.expr import Evaluator, ExpressionError, parse


@pytest.mark.parametrize("source", ["", " ", "\t\n", "# only a comment"])
def test_blank_expression_says_it_is_empty(source: str) -> None:
    with pytest.raises(ExpressionError, match="does not parse: it is empty"):
        parse(source)


@pytest.mark.parametrize("source", ["a < 1; open('/etc/passwd')", "a < 1\nb > 2", "1; 2"])
def test_several_statements_are_refused_without_a_warning(source: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ExpressionError, match="only one expression is allowed"):
            parse(source)


@pytest.mark.parametrize("source", ["1 is 1", "'\\d' == 1", "a < 1; b"])
def test_parsing_never_warns(source: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ExpressionError):
            parse(source)


@pytest.mark.parametrize(
    ("source", "node"),
    [
        ("us_capital @ 2", "MatMult"),
        ("us_capital ** 2", "Pow"),
        ("us_capital << 2", "LShift"),
        ("us_capital | 2", "BitOr"),
        ("~us_capital", "Invert"),
        ("us_capital in stake", "In"),
        ("us_capital is stake", "Is"),
    ],
)
def test_operators_outside_the_language_are_refused(source: str, node: str) -> None:
    with pytest.raises(ExpressionError, match=f"uses {node}, which is not allowed"):
        parse(source)


@pytest.mark.parametrize("source", ["'ten'", "b'1'", "None", "1j", "1e999", "max('a', 1)"])
def test_constants_other_than_numbers_and_truth_values_are_refused(source: str) -> None:
    with pytest.raises(ExpressionError, match="uses the constant"):
        parse(source)


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("-us_capital + +2", -1),
        ("7 % 4 * 2 // 3 - 1", 1),
        ("us_capital != 3 or not True", 0),
        ("1 <= us_capital < 4 and 2.5 > 2", 1),
        ("True", 1),
    ],
)
def test_every_operator_of_the_language_evaluates(source: str, value: int) -> None:
    assert Evaluator().value(parse(source), {"us_capital": 3}) == value


@pytest.mark.parametrize(
    ("source", "called"),
    [
        ("open('/etc/passwd')", "'open'"),
        ("__import__('os').system('ls') == 0", "'__import__'"),
        ("max(1, 2)(3)", "'max(1, 2)'"),
    ],
)
def test_unknown_function_is_named(source: str, called: str) -> None:
    expected = re.escape(f"calls an unknown function {called} (known: ")
    with pytest.raises(ExpressionError, match=expected):
        parse(source)


def test_float_overflow_in_play_is_an_expression_error() -> None:
    with pytest.raises(ExpressionError, match="failed"):
        Evaluator().value(parse("1e300 * 1e300"), {})
