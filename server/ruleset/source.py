"""Reading a YAML rule file into plain data while remembering where every node stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class RuleError:
    """One problem in a rule file, printed as `file:line:column: message`."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class RuleCheckFailed(Exception):
    """The rules have problems; `errors` lists each with its place."""

    def __init__(self, errors: list[RuleError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(slots=True)
class Source:
    """A parsed file: its plain data and the 1-based (line, column) of each path in it."""

    path: Path
    display: str
    data: Any
    places: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def error_at(self, where: PathKey, message: str) -> RuleError:
        """Return an error placed at the deepest part of `where` that exists in the file."""
        probe = tuple(where)
        while probe and probe not in self.places:
            probe = probe[:-1]
        line, column = self.places.get(probe, (1, 1))
        return RuleError(self.display, line, column, message)


def read_source(path: Path, display: str) -> Source:
    """Return the file parsed with positions, or raise RuleCheckFailed for unreadable YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleCheckFailed([RuleError(display, 1, 1, f"cannot read file: {error}")]) from None
    try:
        tree = YAML(typ="rt").load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        raise RuleCheckFailed([RuleError(display, line, column, f"YAML: {problem}")]) from None
    except YAMLError as error:
        raise RuleCheckFailed([RuleError(display, 1, 1, f"YAML: {error}")]) from None
    source = Source(path, display, None)
    if tree is None:
        tree = CommentedMap()
    source.data = _plain(tree, (), source.places)
    source.places.setdefault((), (1, 1))
    return source


def _plain(node: Any, where: PathKey, places: dict[PathKey, tuple[int, int]]) -> Any:
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            line, column = node.lc.key(key)
            places[(*where, key)] = (line + 1, column + 1)
            result[key] = _plain(value, (*where, key), places)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            line, column = node.lc.item(index)
            places[(*where, index)] = (line + 1, column + 1)
            items.append(_plain(value, (*where, index), places))
        return items
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node
