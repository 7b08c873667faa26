"""Texts a player would read as nothing: only spaces (or line breaks) in English or Chinese.

The schema refuses an empty text; one of spaces only is refused by the checks of a rule file
instead (not the schema), so that rules stored with a game before the check still load.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from server.ruleset.schema import Text
from server.ruleset.source import PathKey


def blank_texts(node: Any, where: PathKey = ()) -> Iterator[PathKey]:
    """Yield the path of each language of a text under `node` that is only white space
    (`("cards", 0, "name", "zh")`)."""
    if isinstance(node, Text):
        for language in ("en", "zh"):
            if not getattr(node, language).strip():
                yield (*where, language)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from blank_texts(getattr(node, name), (*where, name))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from blank_texts(value, (*where, key))
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield from blank_texts(value, (*where, index))
