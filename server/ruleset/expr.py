"""Rule expressions: parsed once with simpleeval's sandbox, evaluated many times.

Conditions and amounts in rule files are tiny expressions over the game's variables. They are
never given to Python's `eval`: simpleeval walks the parsed tree with a fixed set of operators
and functions, and this module refuses anything but names, constants, operators, comparisons,
conditionals and calls of the few functions below.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import simpleeval


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": min,
    "max": max,
    "abs": abs,
    "int": int,
    "clamp": _clamp,
}

_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expr,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)


class ExpressionError(ValueError):
    """An expression that does not parse or uses something outside the language."""


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed expression and the variable names it reads."""

    source: str
    tree: ast.AST
    names: frozenset[str]


def parse(source: str) -> Expression:
    """Return the parsed expression, or raise ExpressionError saying what is wrong."""
    try:
        tree = _PARSER.parse(source)
    except SyntaxError as error:
        raise ExpressionError(f"expression {source!r} does not parse: {error.msg}") from None
    callees = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            kind = type(node).__name__
            raise ExpressionError(f"expression {source!r} uses {kind}, which is not allowed")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise ExpressionError(
                    f"expression {source!r} calls an unknown function "
                    f"(known: {', '.join(sorted(FUNCTIONS))})"
                )
            if node.keywords:
                raise ExpressionError(f"expression {source!r} uses keyword arguments")
        elif isinstance(node, ast.Name) and id(node) not in callees:
            names.add(node.id)
    return Expression(source, tree, frozenset(names))


class Evaluator:
    """Evaluates parsed expressions against a mapping of names to numbers."""

    def __init__(self) -> None:
        self._engine = simpleeval.SimpleEval(functions=dict(FUNCTIONS))

    def value(self, expression: Expression, names: Mapping[str, int]) -> int:
        """Return the expression's value as a whole number (rounded down)."""
        result = self._run(expression, names)
        return int(result // 1) if isinstance(result, float) else int(result)

    def holds(self, expression: Expression, names: Mapping[str, int]) -> bool:
        """Return whether the condition is true."""
        return bool(self._run(expression, names))

    def _run(self, expression: Expression, names: Mapping[str, int]) -> Any:
        self._engine.names = names
        try:
            return self._engine.eval(expression.source, previously_parsed=expression.tree)
        except (ArithmeticError, TypeError, simpleeval.InvalidExpression) as error:
            raise ExpressionError(f"expression {expression.source!r} failed: {error}") from None


_PARSER = simpleeval.SimpleEval(functions=dict(FUNCTIONS))
