"""Reading a plain rule file with libyaml's C parser (PyYAML's), for speed.

ruamel's round-trip reader, in pure Python, takes seconds over a large file (~4 s for 800 KB,
most of it gathering comments). libyaml's parser hands over the same file's events, each with
its line and column, in a fraction of that. `fast_read` builds the plain data and the places
(`source.Source`) from those events for a file it can read exactly as ruamel reads it: YAML 1.2's
scalars (`yes` is a text, `true` a truth value), no tags, anchors, aliases or merge keys, no
directives, one document, no key twice, no tab, nothing nested deeper than MAX_NESTING, at most
MAX_NODES values. For anything else it returns None, and the file is read by ruamel as before —
so every problem is found and placed by the one reader (`source.read_source`), and a valid file
gives the same data and places either way (tests/ruleset/test_fast_yaml.py compares them).
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

try:  # PyYAML built with libyaml; without it every file is read by ruamel
    from yaml import CSafeLoader as _CLoader  # type: ignore[import-untyped]
    from yaml import YAMLError as _YAMLError
    from yaml import events as _ev
    from yaml import parse as _parse
except ImportError:  # pragma: no cover - PyYAML is a dependency
    _CLoader = None

PathKey = tuple[str | int, ...]
Places = dict[PathKey, tuple[int, int]]

_RESOLVER = VersionedResolver(version=(1, 2))
_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_TRUE = ("true", "True", "TRUE")


class _NotPlain(Exception):
    """The file holds something `fast_read` leaves to ruamel."""


def available() -> bool:
    """Return whether libyaml's parser is there to read with."""
    return _CLoader is not None


def fast_read(text: str, max_nesting: int, max_nodes: int, max_integer: int) -> Any:
    """Return (data, places) for a plain rule file, or None where ruamel must read it."""
    if _CLoader is None or "\t" in text:
        return None
    try:
        return _Builder(text, max_nesting, max_nodes, max_integer).build()
    except (_NotPlain, RecursionError, _YAMLError, UnicodeError):
        return None  # libyaml's errors too: ruamel reads the file, and says where


class _Builder:
    def __init__(self, text: str, max_nesting: int, max_nodes: int, max_integer: int) -> None:
        self.events = iter(_parse(text, Loader=_CLoader))
        self.places: Places = {}
        self.nesting = max_nesting
        self.budget = max_nodes
        self.largest = max_integer
        self.digits = len(str(max_integer)) + 1  # a minus sign too

    def build(self) -> tuple[Any, Places]:
        stream, document = next(self.events), next(self.events)
        if not isinstance(stream, _ev.StreamStartEvent):
            raise _NotPlain
        if not isinstance(document, _ev.DocumentStartEvent):
            raise _NotPlain  # an empty file: ruamel tells it
        if document.version is not None or document.tags:
            raise _NotPlain  # `%YAML 1.1`, `%TAG`: ruamel's reading of them
        data = self.node(next(self.events), ())
        if not isinstance(next(self.events), _ev.DocumentEndEvent):
            raise _NotPlain
        if not isinstance(next(self.events), _ev.StreamEndEvent):
            raise _NotPlain  # a second document
        return data, self.places

    def node(self, event: Any, where: PathKey) -> Any:
        self.budget -= 1
        if self.budget < 0 or len(where) > self.nesting:
            raise _NotPlain
        if getattr(event, "anchor", None) is not None or isinstance(event, _ev.AliasEvent):
            raise _NotPlain
        if isinstance(event, _ev.ScalarEvent):
            return self.scalar(event)
        if event.tag is not None:
            raise _NotPlain
        if isinstance(event, _ev.MappingStartEvent):
            return self.mapping(where)
        if isinstance(event, _ev.SequenceStartEvent):
            return self.sequence(where)
        raise _NotPlain

    def mapping(self, where: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        while not isinstance(event := next(self.events), _ev.MappingEndEvent):
            if not isinstance(event, _ev.ScalarEvent) or event.anchor is not None:
                raise _NotPlain  # a key that is a collection, or an anchored one
            key = self.scalar(event)
            if type(key) not in (str, int) or key in result or key == "<<":
                raise _NotPlain  # a key twice, a merge, a key ruamel keeps as an object
            self.places[(*where, key)] = (event.start_mark.line + 1, event.start_mark.column + 1)
            result[key] = self.node(next(self.events), (*where, key))
        return result

    def sequence(self, where: PathKey) -> list[Any]:
        items: list[Any] = []
        while not isinstance(event := next(self.events), _ev.SequenceEndEvent):
            at = (*where, len(items))
            self.places[at] = (event.start_mark.line + 1, event.start_mark.column + 1)
            items.append(self.node(event, at))
        return items

    def scalar(self, event: Any) -> Any:
        if event.tag is not None:
            raise _NotPlain
        value = event.value
        if not event.implicit[0]:  # quoted, or a block (`|`, `>`): a text
            return value
        tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
        if tag == _TAG + "str":
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return value in _TRUE
        # (its digits counted first: Python refuses to read a number past 4,300 digits)
        digits = _INT.fullmatch(value) and len(value) <= self.digits
        if tag == _TAG + "int" and digits and abs(number := int(value)) <= self.largest:
            return number
        raise _NotPlain  # a float, a date, 0x1f, 1_000, 012: as ruamel reads them
