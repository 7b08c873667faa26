"""A message whose text fields hold what is not text (a lone surrogate, `"\\ud800"`, which JSON
can escape but no character is) is refused in the product's words, like any bad field: not
pydantic's "Input should be a valid string, unable to parse raw data as a unicode string"."""

from __future__ import annotations

import pytest
from refusalkit import Raw, readable


@pytest.mark.parametrize(
    ("text", "where", "echoed"),
    [
        ('{"type": "ping", "id": "\\ud800"}', "id: ", None),
        ('{"type": "ping", "id": "a\\udc00b"}', "id: ", None),
        ('{"type": "chat", "id": "t-1", "text": "hi \\ud83d"}', "text: ", "t-1"),
        ('{"type": "join", "id": "t-2", "code": "ABCD", "name": "\\udfffAda"}', "name: ", "t-2"),
    ],
)
async def test_a_field_that_is_not_text_is_refused_in_the_products_words(
    server_url: str, text: str, where: str, echoed: str | None
) -> None:
    raw = await Raw.open(server_url)
    try:
        await raw.send(text)
        error = await raw.error()
        await raw.ping()
    finally:
        await raw.close()
    assert error["code"] == "bad_message"
    assert error["id"] == echoed
    message = error["message"]
    readable(message, where, "not valid text", "lone surrogate")
    assert message.startswith(where), message
    for pydantic_said in ("Input should be", "unable to parse", "unicode string"):
        assert pydantic_said not in message, message
