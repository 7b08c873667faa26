"""What a rule author most likely meant, for an expression the language refuses.

A teacher writes the operators of the languages they know (`&&`, `=`, `=>`, `^`, `AND`, `true`)
or types them on a Chinese keyboard (`＞`, `≥`): the checker's message names what was written and
what to write instead (`write '>=', not '=>'`), after what the parser said.
"""

from __future__ import annotations

import ast
import re

# Written in another language's way, and this language's: checked in this order, so that `===`
# is told as such and not as `=` twice.
_WRITTEN: tuple[tuple[str, str], ...] = (
    (r"&&", "and"),
    (r"\|\|", "or"),
    (r"===", "=="),
    (r"=>", ">="),
    (r"=<", "<="),
    (r"<>", "!="),
    (r"(?<![=!<>])=(?!=)", "=="),
    (r"!(?!=)", "not"),
    (r"\bAND\b", "and"),
    (r"\bOR\b", "or"),
    (r"\bNOT\b", "not"),
    (r"\btrue\b", "True"),
    (r"\bfalse\b", "False"),
)
_MEANT = {"≥": ">=", "≤": "<=", "≠": "!=", "×": "*", "÷": "//", "−": "-", "–": "-", "？": "?"}
_PERCENT = re.compile(r"\d\s*%\s*(?=$|[)<>=!,]|\b(?:and|or|if|else)\b)")


def with_hints(message: str, hints: list[str]) -> str:
    """Return `message` followed by its hints, if any (`...: write 'and', not '&&'`)."""
    return f"{message} ({'; '.join(hints)})" if hints else message


def written_hints(source: str) -> list[str]:
    """Return what to write instead of what `source` holds that the language does not have."""
    hints: list[str] = []
    rest = source
    for pattern, written in _WRITTEN:
        for found in re.findall(pattern, rest):
            hints.append(f"write {written!r}, not {found!r}")
        rest = re.sub(pattern, " ", rest)
    for character in dict.fromkeys(rest):
        meant = _MEANT.get(character)
        if meant is None and "\uff01" < character <= "\uff5e":  # a full-width character
            meant = chr(ord(character) - 0xFEE0)  # (not `！`: `!` is no better)
        if meant is not None and meant != "?":  # `?` is told below, as `?` itself
            hints.append(f"write {meant!r}, not {character!r}")
    if "?" in rest or "？" in rest:
        hints.append("a choice is written 'a if condition else b'")
    if _PERCENT.search(source):
        hints.append("a percentage is a plain number: write 10, not 10%")
    return list(dict.fromkeys(hints))


def name_hints(name: str) -> list[str]:
    """Return what an unknown name most likely meant (`true`: `True`)."""
    meant = {"true": "True", "false": "False"}.get(name)
    return [f"write {meant!r}, not {name!r}"] if meant else []


_NODES: dict[type[ast.AST], str] = {
    ast.Pow: "'**' raises to a power: multiply instead, x * x",
    ast.BitXor: "'^' is not a power here: multiply instead, x * x",
    ast.BitAnd: "write 'and', not '&'",
    ast.BitOr: "write 'or', not '|'",
    ast.Invert: "write 'not' or '-', not '~'",
    ast.LShift: "multiply instead of '<<'",
    ast.RShift: "divide with '//' instead of '>>'",
    ast.Is: "write '==', not 'is'",
    ast.IsNot: "write '!=', not 'is not'",
    ast.In: "compare with '==' for each value, joined with 'or'",
    ast.NotIn: "compare with '!=' for each value, joined with 'and'",
    ast.Assign: "'=' gives a value: to compare, write '=='",
    ast.AugAssign: "an expression only works a value out: an effect's `add` adds to a variable",
    ast.Subscript: "the language has no lists: name a variable on its own",
    ast.Tuple: "one value only: a comma makes a list of several",
}


def node_hints(node: ast.AST) -> list[str]:
    """Return what to write instead of `node`, an operation the language does not have."""
    hint = _NODES.get(type(node))
    return [hint] if hint else []
