"""The commands `brink play` prints for copying (the other player's, the one that takes the seat
back, the one to come back with) stay whole on one line in a narrow terminal: rich broke them at
its width, and a command copied across the break ran as two."""

from __future__ import annotations

import asyncio
import re
import subprocess

import pytest
from clientkit import Screen, brink

PROMPT = {"en": "a number, a word, or help", "zh": "輸入編號、指令或 help"}


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_commands_to_copy_stay_on_one_line(server_url: str, lang: str) -> None:
    args = ("play", "--url", server_url, "--create", "intro", "--no-timers", "--lang", lang)
    screen = Screen(await brink(*args, stdin=subprocess.PIPE, columns=60))
    await screen.wait(PROMPT[lang])
    code = re.search(r"--room (\w+)", " ".join(screen.text().split()))
    assert code is not None, screen.text()
    command = f"brink play --url {server_url} --room {code[1]}"
    token = re.search(r"(?:Seat token|座位代碼) ([\w-]+)", " ".join(screen.text().split()))
    assert token is not None, screen.text()
    await screen.type("quit")
    async with asyncio.timeout(20):
        await screen.reading
    lines = screen.lines
    assert any(f"{command} --seat beijing" in line for line in lines), screen.text()
    assert any(f"{command} --token …" in line for line in lines), screen.text()  # when seated
    assert any(f"{command} --token={token[1]}" in line for line in lines), screen.text()  # quit
