"""`brink play` cut a chat line longer than the server takes (500 characters) and sent what was
left, saying nothing: the other side read half a sentence. Now the line is not sent and the player
is told why (the limit, and how long the line was), in English or Chinese."""

from __future__ import annotations

import asyncio
import os

import pytest
from clientkit import brink

SAID = {
    "en": "not sent: a chat line holds at most 500 characters (this one has 600)",
    "zh": "沒有送出：一行聊天最多 500 個字元（這一行有 600 個）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_chat_line_too_long_is_refused_not_cut(server_url: str, lang: str) -> None:
    reading, writing = os.pipe()
    long = "x" * 600
    os.write(writing, f"say {long}\nsay short one\nquit\n".encode())
    os.close(writing)
    try:
        args = ["--url", server_url, "--bot", "hawk", "--name", "Ada", "--lang", lang]
        process = await brink("play", *args, stdin=reading, columns=2000)
        out, err = (text.decode() for text in await asyncio.wait_for(process.communicate(), 30))
    finally:
        os.close(reading)
    assert process.returncode == 0, err
    assert SAID[lang] in out, out[-2000:]
    assert "short one" in out  # the next line went as usual
    assert "x" * 100 not in out  # no cut line was sent (and shown) in its place
