"""`brink play` at a "what if" table says what the game is, as the web table does ("A “what if”:
this game continues game CODE from step N."): joining a seat, taking it back with its token,
and watching as a spectator, in English and Chinese. It said nothing, so a player sat down in
the middle of a game with no word of where it came from."""

from __future__ import annotations

import subprocess
from typing import Any

import aiohttp
import pytest
from clientkit import Screen, brink

from client.connection import BrinkClient
from client.rules import http_base
from server.engine.commands import Check

SAID = {
    "en": "A “what if”: this game continues game {code} from step {n}.",
    "zh": "「如果」的對局：這一局接續對局 {code} 的第 {n} 步。",
}


async def _fork(url: str) -> tuple[str, dict[str, Any]]:
    """A room where Ada checked once against a bot, and a "what if" of it from that step."""
    async with BrinkClient(url, "Ada") as ada:
        room = await ada.create_room("intro", bots={"beijing": "hawk"}, timers=False)
        await ada.join(room.code, "washington")
        await ada.act(Check())
        headers = {"Authorization": f"Bearer {room.instructor_key}"}
        base = f"{http_base(url)}/api/games/{room.code}"
        async with aiohttp.ClientSession() as http:
            async with http.get(base, headers=headers) as got:
                step = (await got.json())["entries"]
            async with http.post(f"{base}/fork", json={"step": step}, headers=headers) as got:
                assert got.status == 200, await got.text()
                return room.code, await got.json()


@pytest.mark.parametrize(("seat", "lang"), [("washington", "en"), ("spectator", "zh")])
async def test_brink_play_says_the_game_a_what_if_continues(
    server_url: str, seat: str, lang: str
) -> None:
    code, forked = await _fork(server_url)
    said = SAID[lang].format(code=code, n=forked["step"])
    args = ("play", "--url", server_url, "--room", forked["code"], "--seat", seat, "--lang", lang)
    screen = Screen(await brink(*args, stdin=subprocess.PIPE))
    await screen.wait(said)
    if seat == "spectator":
        screen.process.terminate()
        await screen.process.wait()
        return
    assert await screen.quit() == 0


async def test_brink_play_says_it_again_when_the_seat_is_taken_back(server_url: str) -> None:
    code, forked = await _fork(server_url)
    async with BrinkClient(server_url, "Cy") as cy:
        await cy.join(forked["code"], "washington")
        token = str(cy.token)
    args = ("play", "--url", server_url, "--room", forked["code"], "--token", token)
    screen = Screen(await brink(*args, stdin=subprocess.PIPE))
    await screen.wait(SAID["en"].format(code=code, n=forked["step"]))
    assert await screen.quit() == 0
