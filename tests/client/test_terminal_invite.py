"""`brink play --create` tells the invite link a browser opens, as the web page's lobby does (it
gave only the `brink play` command: two strangers, one in a terminal and one in a browser, had to
find the code's box on the landing page)."""

from __future__ import annotations

import re
import subprocess

import aiohttp
import pytest
from clientkit import Screen, brink

from client.rules import http_base

SAID = {"en": "In a browser, the other player opens: ", "zh": "對方也可以在瀏覽器打開："}


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_room_made_in_a_terminal_tells_its_invite_link(server_url: str, lang: str) -> None:
    args = ("play", "--url", server_url, "--create", "intro", "--no-timers", "--lang", lang)
    maker = Screen(await brink(*args, stdin=subprocess.PIPE))
    await maker.wait(SAID[lang])
    text = maker.text()
    code = re.search(r"--room (\w+)", " ".join(text.split()))
    assert code is not None, text
    link = f"{http_base(server_url)}/?room={code[1]}"
    assert SAID[lang] + link in text
    async with aiohttp.ClientSession() as http, http.get(link) as page:
        assert page.status == 200
    assert await maker.quit() == 0
