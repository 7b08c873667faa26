"""Reading a YAML rule file into plain data while remembering where every node stands.

A rule file is read within limits, each refused with a located error rather than a hang or a
crash: its size (`MAX_FILE_BYTES`), how deeply its collections nest (`MAX_NESTING`, checked as
the scanner opens each level, before the parser's cost grows with the depth), the size of the
numbers in it (`MAX_INTEGER`) and how many nodes it holds once its aliases are expanded
(`MAX_NODES`: a "billion laughs" of nested aliases is refused, not expanded).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import RoundTripScanner, ScannerError

from server.ruleset.fast_yaml import fast_read
from server.ruleset.yaml_words import yaml_problem

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 1024 * 1024
"""The largest rule file read (the largest in rules/ is about 25 KB)."""
MAX_NESTING = 64
"""How deeply mappings and sequences may nest in a rule file (rules/ needs 7 levels)."""
MAX_NODES = 200_000
"""How many values a file may hold with its aliases expanded (rules/ holds under 1,000 a file)."""
MAX_INTEGER = 2**63 - 1
"""The largest number (in absolute value) a rule file may write."""
_YAML_TAG = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG + "str"


@dataclass(frozen=True, slots=True)
class RuleError:
    """One problem in a rule file, printed as `file:line:column: message`."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        # A file name or a key may hold what UTF-8 cannot encode (a lone surrogate): show it
        # escaped, so that printing the error can never fail.
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


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


class _Scanner(RoundTripScanner):
    """The round-trip scanner, refusing collections nested deeper than MAX_NESTING as it meets
    them (ruamel's scanner slows down with the square of the depth of `[` and `{`)."""

    def fetch_flow_collection_start(self, token_class: Any, to_push: Any) -> None:
        if len(self.flow_context) + len(self.indents) >= MAX_NESTING:
            self._too_deep()
        super().fetch_flow_collection_start(token_class, to_push)

    def add_indent(self, column: int) -> bool:
        if len(self.flow_context) + len(self.indents) >= MAX_NESTING:
            self._too_deep()
        return bool(super().add_indent(column))

    def _too_deep(self) -> None:
        problem = f"nested more than {MAX_NESTING} levels deep"
        raise ScannerError(None, None, problem, self.reader.get_mark())


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, refusing numbers too large for a rule (Python will not
    even read a decimal of more than 4300 digits)."""

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            value = super().construct_yaml_int(node)
        except ValueError:
            value = None
        if value is None or abs(value) > MAX_INTEGER:
            problem = f"the number is out of range (at most {MAX_INTEGER} either way)"
            raise ConstructorError(None, None, problem, node.start_mark)
        return value


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


class _Tagged(Exception):
    """A value carries a YAML tag (`!foo`, `!!python/object:...`) that a rule file has no use
    for: ruamel would drop it from a mapping silently, or keep a scalar as an object of its own."""

    def __init__(self, tag: str, at: tuple[int, int]) -> None:
        shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
        super().__init__(f"the tag '{shown}' is not part of a rule file: remove it")
        self.at = at


class _TooBig(Exception):
    """The file holds more than MAX_NODES nodes, or nests deeper than MAX_NESTING, once its
    aliases are expanded; `where` is the path at which the limit was reached."""

    def __init__(self, where: PathKey, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Scanner = _Scanner
    yaml.Constructor = _Constructor
    return yaml


def _read_text(path: Path) -> str:
    """Return the file's text; raise OSError, UnicodeDecodeError or _TooBig (over the limit)."""
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _TooBig((), f"the file is larger than {MAX_FILE_BYTES} bytes")
    return data.decode("utf-8")


def read_source(path: Path, display: str) -> Source:
    """Return the file parsed with positions, or raise RuleCheckFailed for unreadable YAML."""
    try:
        text = _read_text(path)
    except (OSError, UnicodeDecodeError, _TooBig) as error:
        reason: object = error
        line, column = 1, 1
        if isinstance(error, OSError) and error.strerror:
            reason = error.strerror  # its own text would repeat the path the error is placed at
        elif isinstance(error, UnicodeDecodeError):
            # counted from 1, as its line and column are (and `brink replay --verify` counts)
            reason = f"it is not UTF-8 text (byte {error.start + 1}): save it as UTF-8"
            # The line that is not (a text pasted from a file in GBK, say): its line and column
            # (counted in characters of the UTF-8 before it on that line).
            before = bytes(error.object[: error.start])
            line = before.count(b"\n") + 1
            column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        message = f"cannot read file: {reason}"
        raise RuleCheckFailed([RuleError(display, line, column, message)]) from None
    fast = fast_read(text, MAX_NESTING, MAX_NODES, MAX_INTEGER)
    if fast is not None:  # a plain file, read by libyaml as ruamel would read it (fast_yaml.py)
        source = Source(path, display, fast[0], fast[1])
        source.places.setdefault((), (1, 1))
        return source
    try:
        with warnings.catch_warnings():
            # ruamel warns of a reused anchor on stderr, outside the file:line:column report.
            warnings.simplefilter("ignore")
            tree = _yaml().load(text)
    except MarkedYAMLError as error:
        line, column, problem = yaml_problem(error)
        raise RuleCheckFailed([RuleError(display, line, column, f"YAML: {problem}")]) from None
    except ReaderError as error:  # a character YAML does not allow (NUL, an escape): its place
        at = error.position
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        code = error.character if isinstance(error.character, int) else ord(error.character[:1])
        problem = f"YAML: {error.reason}: U+{code:04X}"
        raise RuleCheckFailed([RuleError(display, line, column, problem)]) from None
    except YAMLError as error:
        raise RuleCheckFailed([RuleError(display, 1, 1, f"YAML: {error}")]) from None
    source = Source(path, display, None)
    if tree is None:
        tree = CommentedMap()
    try:
        source.data = _plain(tree, (), source.places, [MAX_NODES], (1, 1))
    except _TooBig as error:
        raise RuleCheckFailed([source.error_at(error.where, f"YAML: {error.message}")]) from None
    except _Tagged as error:
        line, column = error.at
        raise RuleCheckFailed([RuleError(display, line, column, f"YAML: {error}")]) from None
    source.places.setdefault((), (1, 1))
    return source


def _plain(
    node: Any,
    where: PathKey,
    places: dict[PathKey, tuple[int, int]],
    budget: list[int],
    at: tuple[int, int],
) -> Any:
    """Return `node` as plain data, noting the place of each key and item; `budget` holds how
    many more nodes may be made (aliases make a node once per use); `at` is where the value
    itself starts (its tag, if it has one)."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig(where, f"more than {MAX_NODES} values once its aliases are expanded")
    if len(where) > MAX_NESTING:
        raise _TooBig(where, f"nested more than {MAX_NESTING} levels deep through aliases")
    tag = getattr(getattr(node, "tag", None), "value", None)
    if isinstance(node, TaggedScalar) and tag == _STR_TAG:
        return str(node.value)  # `!!str 2025`: YAML's own way to write a text
    if tag is not None:
        raise _Tagged(str(tag), at)
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            places[(*where, key)] = _place(key, node)
            result[key] = _plain(value, (*where, key), places, budget, _value_place(key, node))
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            places[(*where, index)] = _place(index, node)
            items.append(_plain(value, (*where, index), places, budget, places[(*where, index)]))
        return items
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if node is None or isinstance(node, date):  # a date is told as one by the schema's checks
        return node
    # Only these are left: `!!binary`, `!!pairs` (a plain list of pairs) and `!!set`.
    kind = (
        "!!binary" if isinstance(node, bytes) else "!!pairs" if isinstance(node, list) else "!!set"
    )
    raise _Tagged(kind, at)


def _value_place(key: Any, parent: CommentedMap) -> tuple[int, int]:
    """Return the 1-based (line, column) at which the value of `key` starts, or else the key's."""
    found = (parent.lc.data or {}).get(key)
    if isinstance(found, list | tuple) and len(found) >= 4:
        return found[2] + 1, found[3] + 1
    return _place(key, parent)


def _place(key: Any, parent: CommentedMap | CommentedSeq) -> tuple[int, int]:
    """Return the 1-based (line, column) ruamel noted for a key or item, or else its
    collection's (a key brought in by a merge `<<: *anchor` has no place of its own)."""
    found = (parent.lc.data or {}).get(key)
    if isinstance(found, list | tuple) and len(found) >= 2:
        return found[0] + 1, found[1] + 1
    return (parent.lc.line or 0) + 1, (parent.lc.col or 0) + 1
