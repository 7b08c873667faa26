"""A word that is no command (`foo`) is said to be none whoever's move it is; typed while the
other side was to move, `brink play` answered "it is not your move", as if `foo` were a move
made too early. A move's word typed then (`check`) is still told to wait."""

from __future__ import annotations

import subprocess

import pytest
from clientkit import Screen, brink

from client.connection import BrinkClient

SAID = {
    "en": ("‘foo’ is not on the menu now", "it is not your move"),
    "zh": ("選單上現在沒有「foo」", "還沒輪到你"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_word_not_on_the_menu_is_said_so_while_the_other_side_moves(
    server_url: str, lang: str
) -> None:
    async with BrinkClient(server_url, "Ada") as washington:  # to move first, and never does
        made = await washington.create_room("intro", timers=False)
        await washington.join(made.code, "washington")
        args = ["--room", made.code, "--seat", "beijing", "--lang", lang]
        process = await brink("play", "--url", server_url, *args, stdin=subprocess.PIPE)
        screen = Screen(process)
        await screen.wait("… 等待" if lang == "zh" else "… waiting for")
        at = len(screen.lines)
        await screen.type("foo")
        not_a_command, not_now = SAID[lang]
        await screen.wait(not_a_command, at)
        await screen.type("check")
        await screen.wait(not_now, at)
        assert await screen.quit() == 0
        assert not_now not in "".join(screen.lines[at:]).split(not_a_command)[0]
