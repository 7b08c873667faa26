"""Rule expressions: parsed once with simpleeval's sandbox, evaluated many times.

Conditions and amounts in rule files are tiny expressions over the game's variables. They are
never given to Python's `eval`: simpleeval walks the parsed tree with a fixed set of operators
and functions, and this module refuses, when a rule file is checked, anything but names, numbers,
the operators simpleeval runs, comparisons, conditionals and calls of the few functions below:
whatever passes the check evaluates in play (`check_divisors`, part of the check, holds a
divisor to a number other than 0, so checked rules never divide by zero).
"""

from __future__ import annotations

import ast
import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import simpleeval

from server.ruleset.compiled import Compiled, compile_tree
from server.ruleset.unknown import UnknownName


def _clamp(value: int | float, low: int | float, high: int | float) -> int | float:
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
    ast.boolop,
)

# The operators of the language, each one simpleeval evaluates (see simpleeval.DEFAULT_OPERATORS).
_ALLOWED_OPERATORS: tuple[type[ast.AST], ...] = (
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.Not,
    ast.USub,
    ast.UAdd,
)


MAX_DEPTH = 100
"""How deeply an expression's operations may nest (rules/ needs 8): deeper trees would
exhaust Python's stack when compiled or evaluated."""


class ExpressionError(ValueError):
    """An expression that does not parse or uses something outside the language."""


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed expression (`tree` is what simpleeval evaluates) and the variable names it reads."""

    source: str
    tree: ast.AST
    names: frozenset[str]
    run: Compiled

    def __copy__(self) -> Expression:
        return self  # immutable: compiled (server/native.py), a frozen copy could not be made

    def __deepcopy__(self, memo: dict[int, object]) -> Expression:
        return self


def parse(source: str) -> Expression:
    """Return the parsed expression, or raise ExpressionError saying what is wrong.

    Never prints a warning; refuses several statements, unknown functions, operators simpleeval
    cannot run and constants other than numbers and truth values.
    """
    statement = _single_expression(source)
    _check_depth(source, statement)
    _check_calls(source, statement)
    names: set[str] = set()
    callees = {id(node.func) for node in ast.walk(statement) if isinstance(node, ast.Call)}
    for node in ast.walk(statement):
        _check_node(source, node)
        if isinstance(node, ast.Name) and id(node) not in callees:
            names.add(node.id)
    # Evaluating the expression inside the statement saves simpleeval a step on every use.
    tree = statement.value if isinstance(statement, ast.Expr) else statement
    return Expression(source, tree, frozenset(names), compile_tree(tree, FUNCTIONS))


def _single_expression(source: str) -> ast.AST:
    """Return the one statement `source` holds, or raise ExpressionError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            body = ast.parse(source.strip()).body
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        reason = error.msg if isinstance(error, SyntaxError) else str(error) or "too complex"
        raise ExpressionError(f"expression {source!r} does not parse: {reason}") from None
    if not body:
        raise ExpressionError(f"expression {source!r} does not parse: it is empty")
    if len(body) > 1:
        message = "only one expression is allowed"
        raise ExpressionError(f"expression {source!r} does not parse: {message}")
    return body[0]


def _check_depth(source: str, tree: ast.AST) -> None:
    """Raise ExpressionError if the tree nests deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            message = f"it nests more than {MAX_DEPTH} operations deep"
            raise ExpressionError(f"expression {source!r} is too complex: {message}")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _check_calls(source: str, tree: ast.AST) -> None:
    """Raise ExpressionError for a call of anything but FUNCTIONS, naming what is called."""
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    unknown = [c for c in calls if not (isinstance(c.func, ast.Name) and c.func.id in FUNCTIONS)]
    if unknown:
        # A plain name (`open`) says more than what is built on it (`__import__('os').system`).
        call = min(unknown, key=lambda c: not isinstance(c.func, ast.Name))
        raise ExpressionError(
            f"expression {source!r} calls an unknown function {ast.unparse(call.func)!r} "
            f"(known: {', '.join(sorted(FUNCTIONS))})"
        )
    if any(call.keywords for call in calls):
        raise ExpressionError(f"expression {source!r} uses keyword arguments")


def _is_number(value: object) -> bool:
    """Return whether a constant is a number or truth value an amount may hold."""
    return type(value) in (int, bool) or (type(value) is float and math.isfinite(value))


def _check_node(source: str, node: ast.AST) -> None:
    """Raise ExpressionError if `node` is outside the language."""
    if isinstance(node, ast.Constant) and not _is_number(node.value):
        raise ExpressionError(
            f"expression {source!r} uses the constant {node.value!r}: only numbers, True and "
            "False are allowed"
        )
    if isinstance(node, ast.operator | ast.unaryop | ast.cmpop):
        if not isinstance(node, _ALLOWED_OPERATORS):
            kind = type(node).__name__
            raise ExpressionError(f"expression {source!r} uses {kind}, which is not allowed")
    elif not isinstance(node, _ALLOWED_NODES):
        kind = type(node).__name__
        raise ExpressionError(f"expression {source!r} uses {kind}, which is not allowed")


def check_divisors(expression: Expression) -> None:
    """Raise ExpressionError for `/`, `//` or `%` by anything but a number other than 0: a
    divisor that can be 0 would stop the game the moment it is (there is no value for it).

    Rule files are held to it when checked (`brink rules check`, loading a scenario); `parse`
    is not, so that the rules stored with a game made before keep reading."""
    for node in ast.walk(expression.tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.FloorDiv | ast.Mod):
            divisor = node.right
            while isinstance(divisor, ast.UnaryOp) and isinstance(divisor.op, ast.USub | ast.UAdd):
                divisor = divisor.operand
            if not (isinstance(divisor, ast.Constant) and divisor.value != 0):
                raise ExpressionError(
                    f"expression {expression.source!r} divides by {ast.unparse(node.right)!r}: "
                    "the divisor must be a number other than 0"
                )


class Evaluator:
    """Evaluates parsed expressions against a mapping of names to numbers.

    `reference=True` walks the tree with simpleeval itself, as tests do to check that the
    compiled closures (see compiled.py) agree with the library on every rule expression."""

    def __init__(self, reference: bool = False) -> None:
        self._engine = simpleeval.SimpleEval(functions=dict(FUNCTIONS))
        self._reference = reference

    def value(self, expression: Expression, names: Mapping[str, int]) -> int:
        """Return the expression's value as a whole number (rounded down)."""
        result = self._run(expression, names)
        try:
            return int(result // 1) if isinstance(result, float) else int(result)
        except (ArithmeticError, ValueError):  # a float that overflowed to inf or nan
            raise ExpressionError(f"expression {expression.source!r} failed: {result}") from None

    def holds(self, expression: Expression, names: Mapping[str, int]) -> bool:
        """Return whether the condition is true."""
        return bool(self._run(expression, names))

    def _run(self, expression: Expression, names: Mapping[str, int]) -> Any:
        try:
            if not self._reference:
                return expression.run(names)
            self._engine.names = names
            return self._engine.eval(expression.source, previously_parsed=expression.tree)
        except UnknownName as error:
            message = f"expression {expression.source!r} failed: unknown name {error.args[0]!r}"
            raise ExpressionError(message) from None
        except (ArithmeticError, TypeError, simpleeval.InvalidExpression) as error:
            raise ExpressionError(f"expression {expression.source!r} failed: {error}") from None
