"""`brink play` quit in the middle of a game with pydantic's traceback when a chat line held a
right-to-left mark or a direction override (`say hi‏there`). A mark now goes as typed (the
terminal shows it without: `plain`), an override is left out, and a line with nothing visible is
refused in one line, in the player's language (in Chinese it gave pydantic's English reason: "沒有
送出：the text needs a visible character"); the game goes on."""

from __future__ import annotations

import asyncio
import os

import pytest
from clientkit import brink

NOTHING = {
    "en": "not sent: the line has nothing visible to say",
    "zh": "沒有送出：這一行沒有看得見的字",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_chat_lines_with_direction_characters_are_sent(server_url: str, lang: str) -> None:
    reading, writing = os.pipe()
    lines = ["say hi\u200fthere", "say \u202eevil\u202c one", "say \u200b", "say after", "quit"]
    os.write(writing, ("\n".join(lines) + "\n").encode())
    os.close(writing)
    try:
        args = ["--url", server_url, "--bot", "hawk", "--name", "Ada", "--lang", lang]
        process = await brink("play", *args, stdin=reading, columns=2000)
        out, err = (text.decode() for text in await asyncio.wait_for(process.communicate(), 60))
    finally:
        os.close(reading)
    assert process.returncode == 0, err
    assert "Traceback" not in err and "validation error" not in err, err
    assert "hithere" in out, out[-2000:]  # the mark sent, not shown in a terminal
    assert "evil one" in out
    assert NOTHING[lang] in out, out[-2000:]
    assert "after" in out  # the game went on
