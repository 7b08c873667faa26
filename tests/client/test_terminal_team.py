"""`brink play` at a team table (the classroom scenario's roles). Who sat where read "Beijing
(empty seat)" and "… waiting for Beijing (beijing)" when only Beijing's roles were held (the
plain side seat was looked up); a choice made in secret in the betting was not told, so a
teammate's menu went away, and the other side's redrew, without a word; and it was told as
"Your side chose…", whoever of the team had (it names the role and its player)."""

from __future__ import annotations

import re
import subprocess

import pytest
from clientkit import Screen, brink

from client.connection import BrinkClient
from server.engine.commands import Check

SAID = {
    "en": {
        "table": "you: Washington (President Cy, Treasury Ada)  vs  Beijing (Leader Bo",
        "joined": "• Di (Beijing's Vice Premier): joined",
        "team": "💬 Cy (team): let me",
        "ours": "Your side (President — Cy) chose in secret: check.",
        "waiting": "… waiting for Beijing (Leader Bo, Vice Premier Di)",
        "theirs": "Beijing has chosen in secret.",
    },
    "zh": {
        "table": "你：華盛頓（總統 Cy、財政部 Ada）  vs  北京（國家領導人 Bo",
        "joined": "• Di（北京副總理）：入座了",
        "team": "💬 Cy（隊內）：let me",
        "ours": "你方（總統——Cy）已秘密選擇：過牌。",
        "waiting": "… 等待 北京（國家領導人 Bo、副總理 Di）",
        "theirs": "北京已秘密選擇。",
    },
}


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_team_table_says_who_sits_where_and_who_chose(server_url: str, lang: str) -> None:
    said = SAID[lang]
    async with (
        BrinkClient(server_url, "Cy") as cy,
        BrinkClient(server_url, "Bo") as bo,
        BrinkClient(server_url, "Di") as di,
    ):
        room = await cy.create_room("classroom", timers=False)
        await cy.join(room.code, "washington:president")
        await bo.join(room.code, "beijing:leader")
        seat = ("--room", room.code, "--seat", "washington:treasury", "--name", "Ada")
        args = ("play", "--url", server_url, *seat, "--lang", lang)
        screen = Screen(await brink(*args, stdin=subprocess.PIPE))
        await screen.wait(said["table"])
        await di.join(room.code, "beijing:vice_premier")
        await screen.wait(said["joined"])
        await cy.chat("let me", team=True)
        await screen.wait(said["team"])
        mark = len(screen.lines)
        await cy.act(Check())  # the President chooses for Washington
        ours = await screen.wait(said["ours"], mark)
        await screen.wait(said["waiting"], ours)
        await bo.act(Check())
        await screen.wait(said["theirs"], ours)
        assert await screen.quit() == 0


async def test_a_room_made_from_a_role_seat_sends_the_other_player_to_the_other_side(
    server_url: str,
) -> None:
    # The command it printed for the other player had no --seat: they took the first free
    # seat, `washington`, on the maker's own side.
    args = ("--create", "classroom", "--seat", "washington:treasury", "--no-timers")
    maker = Screen(await brink("play", "--url", server_url, *args, stdin=subprocess.PIPE))
    await maker.wait("(instructor key:")
    hint = re.search(r"joins with: brink play (.*?)\s+\(instructor", " ".join(maker.text().split()))
    assert hint is not None, maker.text()
    joiner = Screen(await brink("play", *hint[1].split(), "--name", "Bo", stdin=subprocess.PIPE))
    await joiner.wait("You are Beijing in room")
    assert await joiner.quit() == 0 and await maker.quit() == 0
