"""`brink games` refuses, at the command line, a key or token with a character none holds (they
are URL-safe: letters, digits, - and _): `--token é` was sent and answered "brink games: 500
Internal Server Error"; `--token a,b` was read as two tokens."""

from __future__ import annotations

import pytest
from clientkit import brink


@pytest.mark.parametrize(
    ("option", "given"), [("--token", "é"), ("--token", "abc,def"), ("--key", "abc def")]
)
async def test_a_credential_no_key_or_token_could_be_is_one_line(
    server_url: str, option: str, given: str
) -> None:
    process = await brink("games", "list", "--url", server_url, option, given)
    _, err = await process.communicate()
    said = err.decode()
    assert process.returncode == 2, said
    assert len(said.splitlines()) == 1, said
    assert "a key or token is letters, digits, - and _" in said and repr(given) in said, said
