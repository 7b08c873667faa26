"""Checked expressions compiled once into closures over simpleeval's operator table.

simpleeval walks an expression's tree on every evaluation: about 15 µs for the rule files'
conditions, more than the engine's whole budget per action. The language admitted by
`expr.parse` is small (names, numbers, arithmetic, comparisons, and/or/not, conditionals, a few
functions), so each checked tree is turned into nested closures once. The operators are
simpleeval's own (`simpleeval.DEFAULT_OPERATORS`: the same safe_add, safe_mult and friends), so
the semantics and guards stay the library's; nothing is ever given to Python's eval or exec.
A test evaluates every expression in rules/ both ways and compares.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

import simpleeval

from server.ruleset.unknown import UnknownName

Names = Mapping[str, Any]
Compiled = Callable[[Names], Any]
OPERATORS: dict[type[ast.AST], Callable[..., Any]] = simpleeval.DEFAULT_OPERATORS


def compile_tree(tree: ast.AST, functions: Mapping[str, Callable[..., Any]]) -> Compiled:
    """Return a function of the names that computes `tree` (already checked by expr.parse)."""
    return _COMPILERS[type(tree)](tree, functions)


def _constant(node: ast.Constant, functions: Any) -> Compiled:
    value = node.value
    return lambda names: value


def _name(node: ast.Name, functions: Any) -> Compiled:
    key = node.id

    def read(names: Names) -> Any:
        try:
            return names[key]
        except KeyError:
            raise UnknownName(key) from None

    return read


def _binary(node: ast.BinOp, functions: Any) -> Compiled:
    operator = OPERATORS[type(node.op)]
    left, right = compile_tree(node.left, functions), compile_tree(node.right, functions)
    return lambda names: operator(left(names), right(names))


def _unary(node: ast.UnaryOp, functions: Any) -> Compiled:
    operator = OPERATORS[type(node.op)]
    operand = compile_tree(node.operand, functions)
    return lambda names: operator(operand(names))


def _boolean(node: ast.BoolOp, functions: Any) -> Compiled:
    parts = [compile_tree(value, functions) for value in node.values]
    if isinstance(node.op, ast.And):

        def all_of(names: Names) -> Any:
            result: Any = True
            for part in parts:
                result = part(names)
                if not result:
                    return result
            return result

        return all_of

    def any_of(names: Names) -> Any:
        result: Any = False
        for part in parts:
            result = part(names)
            if result:
                return result
        return result

    return any_of


def _compare(node: ast.Compare, functions: Any) -> Compiled:
    first = compile_tree(node.left, functions)
    steps = [
        (OPERATORS[type(op)], compile_tree(right, functions))
        for op, right in zip(node.ops, node.comparators, strict=True)
    ]

    def compare(names: Names) -> bool:
        left = first(names)
        for operator, right_of in steps:
            right = right_of(names)
            if not operator(left, right):
                return False
            left = right
        return True

    return compare


def _conditional(node: ast.IfExp, functions: Any) -> Compiled:
    test = compile_tree(node.test, functions)
    body, orelse = compile_tree(node.body, functions), compile_tree(node.orelse, functions)
    return lambda names: body(names) if test(names) else orelse(names)


def _call(node: ast.Call, functions: Mapping[str, Callable[..., Any]]) -> Compiled:
    assert isinstance(node.func, ast.Name)
    function = functions[node.func.id]
    args = [compile_tree(arg, functions) for arg in node.args]
    return lambda names: function(*[arg(names) for arg in args])


def _expression(node: ast.Expr, functions: Any) -> Compiled:
    return compile_tree(node.value, functions)


_COMPILERS: dict[type[ast.AST], Callable[[Any, Any], Compiled]] = {
    ast.Constant: _constant,
    ast.Name: _name,
    ast.BinOp: _binary,
    ast.UnaryOp: _unary,
    ast.BoolOp: _boolean,
    ast.Compare: _compare,
    ast.IfExp: _conditional,
    ast.Call: _call,
    ast.Expr: _expression,
}
