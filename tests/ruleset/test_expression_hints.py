"""An expression written the way other languages (or a Chinese keyboard) write it is refused
with what to write instead: `&&`, `=`, `=>`, `^`, `AND`, `true`, `＞`, `10%`."""

from __future__ import annotations

import pytest

from server.ruleset.expr import ExpressionError, parse


@pytest.mark.parametrize(
    ("source", "told"),
    [
        ("x = 1", "uses Assign, which is not allowed ('=' gives a value: to compare, write '==')"),
        ("x > 0 and y = 1", "does not parse: cannot assign to expression (write '==', not '=')"),
        ("x => 1", "does not parse: invalid syntax (write '>=', not '=>')"),
        ("x =< 1", "does not parse: invalid syntax (write '<=', not '=<')"),
        ("x <> 1", "does not parse: invalid syntax (write '!=', not '<>')"),
        ("x === 1", "does not parse: invalid syntax (write '==', not '===')"),
        ("x && y", "does not parse: invalid syntax (write 'and', not '&&')"),
        ("x || y", "does not parse: invalid syntax (write 'or', not '||')"),
        ("!x", "does not parse: invalid syntax (write 'not', not '!')"),
        ("x AND NOT y", "invalid syntax (write 'and', not 'AND'; write 'not', not 'NOT')"),
        ("x ? 1 : 2", "invalid syntax (a choice is written 'a if condition else b')"),
        ("x > 10%", "invalid syntax (a percentage is a plain number: write 10, not 10%)"),
        ("x ≥ 1", "invalid character '≥' (U+2265) (write '>=', not '≥')"),
        ("x ＞ 1", "invalid character '＞' (U+FF1E) (write '>', not '＞')"),
        ("（x）", "(write '(', not '（'; write ')', not '）')"),
        ("x ÷ 2", "(write '//', not '÷')"),
        ("x ** 2", "uses Pow, which is not allowed ('**' raises to a power: multiply instead"),
        ("x ^ 2", "uses BitXor, which is not allowed ('^' is not a power here"),
        ("x > 0 & y", "uses BitAnd, which is not allowed (write 'and', not '&')"),
        ("x > 0 | y", "uses BitOr, which is not allowed (write 'or', not '|')"),
        ("x is 1", "uses Is, which is not allowed (write '==', not 'is')"),
        ("x += 1", "uses AugAssign, which is not allowed (an expression only works a value out"),
    ],
)
def test_a_foreign_way_of_writing_is_told_what_to_write(source: str, told: str) -> None:
    with pytest.raises(ExpressionError) as raised:
        parse(source)

    assert str(raised.value).startswith(f"expression {source!r} ")
    assert told in str(raised.value)


@pytest.mark.parametrize("source", ["x % 3 > 1", "x != 1 and y >= 2", "not x <= 1", "x == 1"])
def test_the_languages_own_operators_are_accepted(source: str) -> None:
    assert parse(source).source == source


@pytest.mark.parametrize("source", ["tariff_on_china >", "x > 1 ！"])
def test_no_hint_when_nothing_foreign_is_written(source: str) -> None:
    with pytest.raises(ExpressionError) as raised:
        parse(source)

    assert "(write" not in str(raised.value)
