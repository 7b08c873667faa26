"""In what a person says, the direction marks (U+200E, U+200F, U+061C: an Arabic, Hebrew or
Persian keyboard types them) are kept; the embeddings, overrides and isolates, which reorder
whole runs of text, are refused (`bad_message`), as in a name every one of them is."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from server.protocol.base import sayable
from server.protocol.requests import Chat


@pytest.mark.parametrize("text", ["שלום\u200f Ada", "hi\u200e!", "\u061cمرحبا", "a\n\tb"])
def test_marks_line_breaks_and_tabs_are_kept(text: str) -> None:
    assert Chat(text=text).text == text
    assert sayable(text) == text


@pytest.mark.parametrize(
    "mark", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069", "\x1b", "\x07"]
)
def test_overrides_isolates_and_control_characters_are_refused_and_left_out(mark: str) -> None:
    with pytest.raises(ValidationError, match="direction overrides"):
        Chat(text=f"hi{mark}there")
    assert sayable(f"hi{mark}there") == "hithere"
