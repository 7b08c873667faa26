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
from server.ruleset.hints import node_hints, with_hints, written_hints
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


class EvaluationFailed(ExpressionError):
    """An expression that parsed but has no value here: `source` is the expression, `reason`
    why (a float that overflows, a division by zero, a name it was not given)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"expression {source!r} failed: {reason}")
        self.source = source
        self.reason = reason


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
        said = f"expression {source!r} does not parse: {reason}"
        raise ExpressionError(with_hints(said, written_hints(source))) from None
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
            said = f"expression {source!r} uses {kind}, which is not allowed"
            raise ExpressionError(with_hints(said, node_hints(node)))
    elif not isinstance(node, _ALLOWED_NODES):
        kind = type(node).__name__
        said = f"expression {source!r} uses {kind}, which is not allowed"
        raise ExpressionError(with_hints(said, node_hints(node)))


ARGUMENTS: dict[str, tuple[int, int]] = {
    "min": (2, MAX_DEPTH),
    "max": (2, MAX_DEPTH),
    "abs": (1, 1),
    "int": (1, 1),
    "clamp": (3, 3),
}
"""How many arguments each function takes, fewest and most (`min(x)` would fail in play)."""


def check_arguments(expression: Expression) -> None:
    """Raise ExpressionError for a call of a function with a number of arguments it cannot
    take (`clamp(x)`, `max(x)`): it would fail the moment it is worked out.

    Rule files are held to it when checked, as to check_divisors."""
    for node in ast.walk(expression.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            fewest, most = ARGUMENTS.get(node.func.id, (0, MAX_DEPTH))
            if not fewest <= len(node.args) <= most:
                takes = str(fewest) if fewest == most else f"at least {fewest}"
                raise ExpressionError(
                    f"expression {expression.source!r} calls {node.func.id} with "
                    f"{len(node.args)} argument{'s' * (len(node.args) != 1)}: it takes {takes}"
                )


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


LARGEST = 2.0**63
"""The largest a name is taken to be when its range is not known (a number field's limit)."""
FLOAT_MAX = 1.7976931348623157e308


def check_overflow(expression: Expression, ranges: Mapping[str, float]) -> None:
    """Raise ExpressionError for an expression that works with fractions (a `/` or a number
    like `0.5`) and could grow past the largest such number, given how large each name can
    be (`ranges`; LARGEST for a name not in it): `x * 1e308` with x up to 100 overflows.
    (Whole numbers never overflow: only fractions have a largest value.)"""
    nodes = list(ast.walk(expression.tree))
    fractions = any(
        (isinstance(node, ast.Constant) and type(node.value) is float)
        or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div))
        for node in nodes
    )
    largest = _largest(expression.tree, ranges)
    if fractions and not largest < FLOAT_MAX:  # nan (0 * inf) too: it may not be a number
        raise ExpressionError(
            f"expression {expression.source!r} can overflow: its value could pass "
            f"{FLOAT_MAX:.3g}, the largest fraction (use smaller numbers)"
        )


def largest(expression: Expression, ranges: Mapping[str, float]) -> float:
    """Return how large (either way) the expression's value can be, at most, given how large
    each name can be (`ranges`; LARGEST for a name not in it); inf: past any fraction."""
    return _largest(expression.tree, ranges)


def _size(value: object) -> float:
    """Return how large a constant is, either way (inf: too large for a fraction)."""
    if not isinstance(value, int | float):
        return 0.0
    try:
        return abs(float(value))
    except OverflowError:  # a whole number of more than 308 digits
        return math.inf


def _largest(node: ast.AST, ranges: Mapping[str, float]) -> float:
    """Return how large (either way) `node`'s value can be, at most (inf: past any float)."""
    if isinstance(node, ast.Constant):
        return _size(node.value)
    if isinstance(node, ast.Name):
        return ranges.get(node.id, LARGEST)
    if isinstance(node, ast.UnaryOp):
        return _largest(node.operand, ranges)
    if isinstance(node, ast.Compare):  # true or false, once what it compares has a value
        compared = max(_largest(child, ranges) for child in (node.left, *node.comparators))
        return 1.0 if compared < FLOAT_MAX else math.inf
    if isinstance(node, ast.Call):  # min, max, abs, int, clamp: none larger than its largest
        return max((_largest(arg, ranges) for arg in node.args), default=1.0)
    if isinstance(node, ast.BinOp):
        left, right = _largest(node.left, ranges), _largest(node.right, ranges)
        if isinstance(node.op, ast.Add | ast.Sub):
            return left + right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div | ast.FloorDiv):
            divisor = node.right
            while isinstance(divisor, ast.UnaryOp):
                divisor = divisor.operand
            if isinstance(divisor, ast.Constant) and divisor.value:
                return left / _size(divisor.value)
            return left  # a whole divisor other than 0: no larger than what is divided
        return min(left, right) if isinstance(node.op, ast.Mod) else max(left, right)
    children = ast.iter_child_nodes(node)  # and, or, if-else: one of the values
    return max((_largest(child, ranges) for child in children), default=1.0)


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
            raise EvaluationFailed(expression.source, _TOO_LARGE) from None

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
            raise EvaluationFailed(expression.source, f"unknown name {error.args[0]!r}") from None
        except ZeroDivisionError:
            raise EvaluationFailed(expression.source, "it divides by zero") from None
        except OverflowError:
            raise EvaluationFailed(expression.source, _TOO_LARGE) from None
        except (ArithmeticError, TypeError, simpleeval.InvalidExpression) as error:
            raise EvaluationFailed(expression.source, str(error)) from None


_TOO_LARGE = "its value is too large to be a number (an overflow)"
