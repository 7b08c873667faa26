"""Turning pydantic's validation errors into `file:line:column: field: message` for rule authors.

Pydantic names a problem by its path in the data it validated, with labels of its own mixed in
(the branch of a union: `int`, `constrained-str`, `literal['alternate']`; `[key]` for a bad
mapping key). Here the labels are dropped by walking the data itself (so a variable named `str`
keeps its name), the errors of the branches of one union become one message, and the path shown
is the one in the file the line points into (a scenario's first card is `cards[0]`, whatever its
place in the merged list).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from server.ruleset.source import PathKey, RuleError, Source

# Where a path in the validated data came from: the file, and the path inside that file.
Locate = Callable[[PathKey], tuple[Source, PathKey]]

_SHOULD_BE = "Input should be "


def located(error: ValidationError, data: Any, locate: Locate) -> list[RuleError]:
    """Return one error per problem in `error`, each placed in its file; no two the same."""
    groups: dict[tuple[PathKey, int], list[ErrorDetails]] = {}
    for number, problem in enumerate(error.errors()):
        where, from_union = _data_path(data, problem)
        groups.setdefault((where, -1 if from_union else number), []).append(problem)
    found: dict[RuleError, None] = {}
    for (where, _), problems in groups.items():
        source, origin = locate(where)
        found[source.error_at(origin, f"{dotted(origin)}: {_message(problems)}")] = None
    return list(found)


def dotted(where: PathKey) -> str:
    """Return a path as a rule author writes it (`cards[0].name.zh`); `file` for the whole file."""
    text = ""
    for part in where:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "file"


def _data_path(data: Any, problem: ErrorDetails) -> tuple[PathKey, bool]:
    """Return the problem's path in `data` without pydantic's labels, and whether one of them
    named a branch of a union (so that the branches' errors can be told as one)."""
    loc = problem["loc"]
    path: list[str | int] = []
    node = data
    from_union = False
    for position, part in enumerate(loc):
        if _holds(node, part):
            node = node[part]
        elif _short(problem):
            continue
        elif not (problem["type"] == "missing" and position == len(loc) - 1):
            from_union = from_union or part != "[key]"
            continue
        path.append(part)
    return tuple(path), from_union


def _short(problem: ErrorDetails) -> bool:
    """Return whether the problem is an item missing from a tuple (`deal_rounds: [3]`): told at
    the tuple, as one too long is."""
    return problem["type"] == "missing" and type(problem["loc"][-1]) is int


def _holds(node: Any, part: str | int) -> bool:
    """Return whether `part` is a key or an index of `node`."""
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and type(part) is int and 0 <= part < len(node)


def _message(problems: list[ErrorDetails]) -> str:
    """Return the text for the problems at one place: one problem, or the branches of a union."""
    if len(problems) == 1:
        return _text(problems[0])
    # A branch whose type matched but whose value did not says more than one of another type.
    closer = [p for p in problems if not p["type"].endswith(("_type", "_parsing"))]
    problems = closer or problems
    if {p["type"] for p in problems} == {"int_type", "string_type"}:  # an amount: `true`, `2.5`
        found = _found(problems[0]["input"])
        return f"{_SHOULD_BE}a valid integer or an expression (in quotes), not {found}"
    if all(p["type"] == "literal_error" for p in problems):
        values = [v for p in problems for v in re.split(r", | or ", str(p["ctx"]["expected"]))]
        return _SHOULD_BE + _either(list(dict.fromkeys(values)))
    texts = list(dict.fromkeys(_text(p) for p in problems))
    if all(text.startswith(_SHOULD_BE) for text in texts):
        return _SHOULD_BE + _either([text.removeprefix(_SHOULD_BE) for text in texts])
    return "; or ".join(texts)


def _text(problem: ErrorDetails) -> str:
    """Return pydantic's message for one problem, in the words of the rule-file format."""
    if problem["type"] == "extra_forbidden":
        return "unknown field"
    value = problem["input"]
    if problem["type"] == "missing" and not _short(problem):
        return "missing field"
    limit = _LIMITS.get(problem["type"])
    if limit is not None and not _of_tuple(problem):
        return limit(problem)
    if problem["type"] in ("tuple_type", "too_long") or _short(problem):
        # The one tuple of the format is `deal_rounds` (a lesser and a greater number of hands).
        found = f"{len(value)} of them" if isinstance(value, list) else _found(value)
        return f"{_SHOULD_BE}a list of two numbers ([1, 3]), not {found}"
    if problem["type"] == "model_type" and problem.get("ctx", {}).get("class_name") == "Text":
        return (
            f"{_SHOULD_BE}a text in English and Chinese, {{en: ..., zh: ...}}, not {_found(value)}"
        )
    if problem["type"] in ("model_type", "dict_type"):
        return f"{_SHOULD_BE}a mapping of fields (`field: value`), not {_found(value)}"
    if problem["type"] == "list_type":
        return f"{_SHOULD_BE}a list ([a, b], or one `- ` line each), not {_found(value)}"
    if problem["type"] == "int_type":  # the numbers are strict: never `true` or `2.0`
        if isinstance(value, str):
            return f"{_SHOULD_BE}a valid integer, unable to parse string as an integer"
        return f"{_SHOULD_BE}a valid integer, not {_found(value)}"
    if problem["type"] == "string_pattern_mismatch":  # the one pattern of the format: an id
        return (
            "an id is lower-case letters, digits and _, starting with a letter"
            f" (us_soy_tariff), not {_found(problem['input'])}"
        )
    if problem["type"] == "string_type" and isinstance(value, int | float | date):
        shown = _found(value)  # `en: 2025`, `en: true`, `en: 2025-04-02`: YAML reads no text
        what = "the truth value" if isinstance(value, bool) else "the number"
        if isinstance(value, date):
            shown, what = str(value), "the date"
        return f'{_SHOULD_BE}a text, not {what} {shown} (as a text, in quotes: "{shown}")'
    if problem["type"] == "bool_type":
        return f"{_SHOULD_BE}true or false, not {_found(problem['input'])}"
    return problem["msg"].removeprefix("Value error, ")


def _of_tuple(problem: ErrorDetails) -> bool:
    """Return whether a length problem is the tuple's (`deal_rounds: [1, 2, 3]`), told apart."""
    return problem.get("ctx", {}).get("field_type") == "Tuple"


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")


def _empty(problem: ErrorDetails) -> str:
    """Return the words for a text too short: with a minimum of one (the format's only one),
    what is empty; else how many characters are needed."""
    least = int(problem.get("ctx", {}).get("min_length", 1))
    if least > 1:
        return f"at least {_characters(least)}, not {len(str(problem['input']))}"
    if problem["loc"] and problem["loc"][-1] in ("en", "zh"):
        return "the text is empty: a player would read nothing"
    return "the expression is empty: write one (in quotes)"


def _bound(key: str, words: str) -> Callable[[ErrorDetails], str]:
    def told(problem: ErrorDetails) -> str:
        return f"{words} {problem.get('ctx', {}).get(key)}, not {_found(problem['input'])}"

    return told


def _length(key: str, words: str, unit: Callable[[int], str]) -> Callable[[ErrorDetails], str]:
    def told(problem: ErrorDetails) -> str:
        ctx = problem.get("ctx", {})
        value = problem["input"]
        count = ctx.get("actual_length", len(value) if isinstance(value, str | list) else 0)
        return f"{words} {unit(int(ctx.get(key, 0)))}, not {count}"

    return told


def _items(count: int) -> str:
    return f"{count} item" + ("" if count == 1 else "s")


# pydantic's limits of numbers and lengths, told as the rule-file format says them
# (`at most 30, not 31`) rather than "Input should be less than or equal to 30".
_LIMITS: dict[str, Callable[[ErrorDetails], str]] = {
    "less_than_equal": _bound("le", "at most"),
    "greater_than_equal": _bound("ge", "at least"),
    "less_than": _bound("lt", "less than"),
    "greater_than": _bound("gt", "more than"),
    "string_too_long": _length("max_length", "at most", _characters),
    "string_too_short": _empty,
    "too_short": _length("min_length", "a list of at least", _items),
    "too_long": _length("max_length", "a list of at most", _items),
}


def _found(value: object) -> str:
    """Return a value as the rule file wrote it (`true`, `2.5`, `'yes'`), to say what was found."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, date):
        return f"the date {value}"
    return (
        "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else "null"
    )


def _either(choices: list[str]) -> str:
    """Return `a`, `a or b`, `a, b or c`."""
    if len(choices) == 1:
        return choices[0]
    return f"{', '.join(choices[:-1])} or {choices[-1]}"
