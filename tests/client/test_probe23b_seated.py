"""`brink play`'s first line, as a student reads it: the seat in the player's language (it said
"你是房間 CODE 的 washington", the seat's id, in Chinese), and a command that takes the seat back
on the same server (it had no `--url`: pasted, it went to the default server, where the token
is nothing)."""

from __future__ import annotations

import subprocess

import pytest
from clientkit import Screen, brink


@pytest.mark.parametrize(
    ("lang", "seat", "said"),
    [("zh", "beijing", "的 北京。座位代碼"), ("en", "washington", "You are Washington in room")],
)
async def test_the_seated_line_names_the_seat_and_the_server(
    server_url: str, lang: str, seat: str, said: str
) -> None:
    args = ("play", "--url", server_url, "--bot", "dove", "--seat", seat, "--lang", lang)
    screen = Screen(await brink(*args, stdin=subprocess.PIPE))
    await screen.wait(said)
    assert await screen.quit() == 0
    shown = " ".join(screen.text().split())  # the line wraps at the terminal's width
    assert f"brink play --url {server_url} --room " in shown, shown
    assert f" {seat} " not in shown.split("--token")[0], shown
