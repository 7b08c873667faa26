"""A message's first problem in plain words (`bad_message`, `bad_setup`): where it is, as a path
in the message the client sent (`command.cards`, not pydantic's `act.command.play.cards`, whose
labels are the union's branches), and what is wrong, with the value found — not pydantic's
wording ("String should match pattern '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4,8}$'")."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic_core import ErrorDetails

from server.protocol.base import plain
from server.protocol.codes import CODE_PATTERN

_SHOWN_MOST = 40
"""The most characters of a value found that a problem repeats."""

_FORMS = {
    f"^{CODE_PATTERN}$": "a code is 4 to 8 of the letters and digits codes are made of"
    " (capitals, no I, L, O, 0 or 1)",
    r"^(washington|beijing)(:[a-z][a-z0-9_]*)?$": "a seat is washington or beijing, or one"
    " of their team roles (washington:treasury)",
    r"^[a-z][a-z0-9_]*$": "an id is lower-case letters, digits and _, starting with a letter",
    r"^[0-9a-f]{16}$": "16 hexadecimal digits (0-9, a-f)",
}
"""What each pattern the protocol uses asks for, in words."""

_KINDS = {
    "string_type": "a text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list ([…])",
    "dict_type": "an object ({…})",
    "model_type": "an object ({…})",
    "model_attributes_type": "an object ({…})",
    "float_type": "a number",
}
"""The types of value a field may want, in words."""


def found(value: Any) -> str:
    """A value a client sent, as JSON, cut short and without control characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    # A lone surrogate (`"\ud800"` is valid JSON) cannot be sent back as UTF-8: shown escaped.
    text = plain(text, kept="").encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= _SHOWN_MOST else text[: _SHOWN_MOST - 1] + "…"


def _many(count: int, what: str) -> str:
    return f"{count} {what}" + ("" if count == 1 else "s")


def _length(problem: ErrorDetails, what: str) -> str:
    """A text or list too short or too long."""
    ctx, value = problem.get("ctx") or {}, problem["input"]
    size = len(value) if isinstance(value, str | list | dict) else 0
    if problem["type"].endswith("too_long"):
        return f"at most {_many(int(ctx.get('max_length', 0)), what)}, not {size}"
    least = int(ctx.get("min_length", 1))
    if least == 1 and size == 0:
        return "empty"
    return f"at least {_many(least, what)}, not {size}"


def _not_unicode(problem: ErrorDetails) -> str:
    """A text with a lone surrogate (`"\\ud800"`, valid JSON): half of a UTF-16 pair, which is
    no character, so no text of the game (or UTF-8) can hold it."""
    value = found(problem["input"])
    return f"not valid text, {value}: it holds half of a character (a lone surrogate)"


def _bound(word: str, key: str) -> Callable[[ErrorDetails], str]:
    def told(problem: ErrorDetails) -> str:
        limit = (problem.get("ctx") or {}).get(key)
        return f"{word} {limit}, not {found(problem['input'])}"

    return told


_TOLD: dict[str, Callable[[ErrorDetails], str]] = {
    "missing": lambda problem: "missing",
    "string_unicode": _not_unicode,
    "extra_forbidden": lambda problem: "not a field of this message",
    "string_too_short": lambda problem: _length(problem, "character"),
    "string_too_long": lambda problem: _length(problem, "character"),
    "too_short": lambda problem: _length(problem, "item"),
    "too_long": lambda problem: _length(problem, "item"),
    "greater_than_equal": _bound("at least", "ge"),
    "less_than_equal": _bound("at most", "le"),
    "greater_than": _bound("more than", "gt"),
    "less_than": _bound("less than", "lt"),
}


def problem_text(problem: ErrorDetails) -> str:
    """What is wrong, in words (without where)."""
    kind = problem["type"]
    told = _TOLD.get(kind)
    if told is not None:
        return told(problem)
    if kind in _KINDS:
        return f"should be {_KINDS[kind]}, not {found(problem['input'])}"
    if kind == "string_pattern_mismatch":
        pattern = str((problem.get("ctx") or {}).get("pattern", ""))
        form = _FORMS.get(pattern, "not in the form this field takes")
        return f"{form}; not {found(problem['input'])}"
    if kind == "literal_error":
        expected = (problem.get("ctx") or {}).get("expected", "")
        return f"should be {expected}, not {found(problem['input'])}"
    return str(problem["msg"]).removeprefix("Value error, ")


def where(problem: ErrorDetails, data: Any) -> str:
    """The problem's place as a path in `data` (`command.cards`, `seconds.betting`,
    `students[2].name`): pydantic's labels of a union's branch (the message's type, the
    command's) are left out, as they are not in what the client sent."""
    loc = problem["loc"]
    parts: list[str] = []
    node = data
    last = len(loc) - 1
    for position, part in enumerate(loc):
        inside = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and type(part) is int and 0 <= part < len(node)
        )
        if inside:
            node = node[part]
        elif not (position == last and problem["type"] == "missing"):
            continue  # a branch's label (tagged unions) or pydantic's own ([key], function-…)
        parts.append(f"[{part}]" if type(part) is int else f".{part}")
    text = "".join(parts).removeprefix(".")
    return text or "message"


def said(problem: ErrorDetails, data: Any) -> str:
    """`where: what` for one problem of `data`; a rule of the whole message (`broadcast needs
    `text``) is told on its own."""
    place, text = where(problem, data), problem_text(problem)
    if place == "message" and problem["type"] == "value_error":
        return text
    return f"{place}: {text}"
