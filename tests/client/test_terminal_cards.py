"""`brink play` raises with several cards in one line (their menu numbers together), where the
betting allows it (`cards_per_turn`: 2 in classroom), and says why when it may not.

A real `brink play` process, a real server and Redis; Beijing is the Python client."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from clientkit import Screen, brink
from serverkit import start_server
from web.trialkit import classroom_decks, stacked_room

from client.connection import BrinkClient
from server.engine.commands import Check
from server.web.appkeys import HUB


def numbered(screen: Screen, label: str, since: int = 0) -> str:
    """The number of the menu item that starts with `label` in the last menu drawn."""
    found = re.findall(rf"│\s+(\d+)\s+{re.escape(label)}", screen.text(since))
    assert found, screen.text(since)
    return str(found[-1])


async def test_brink_play_raises_with_two_cards_typed_on_one_line(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    try:
        code = await stacked_room(runner.app[HUB], classroom_decks(runner.app[HUB]), "classroom")
        async with BrinkClient(url, "Bo") as bo:
            await bo.join(code, "beijing")
            seat = ("--room", code, "--seat", "washington", "--name", "Ada")
            screen = Screen(await brink("play", "--url", url, *seat, stdin=subprocess.PIPE))
            await screen.wait("▶ your move")
            tariff = numbered(screen, "Play Liberation Day")
            chips = numbered(screen, "Play AI-chip export controls")
            dollar = numbered(screen, "Play Dollar and financial-system pressure")
            alliances = numbered(screen, "Play Ace: alliances")
            check = numbered(screen, "Check")
            # the menu says how, and `help` too
            await screen.wait("several cards at once: their numbers, ‘")
            assert "(at most 2 a turn)" in screen.text()
            mark = len(screen.lines)
            await screen.type("help")
            await screen.wait("their numbers together: 2 5", mark)

            # what may not go together is told, and nothing is sent
            mark = len(screen.lines)
            await screen.type(f"{tariff} {chips} {dollar}")
            await screen.wait("at most 2 cards a turn in this phase", mark)
            await screen.type(f"{tariff} {check}")
            await screen.wait(f"only cards played face up go together: {check} is not one", mark)
            await screen.type(f"{tariff} {tariff}")
            await screen.wait(f"{tariff} is typed twice", mark)
            # the server refuses a pair that costs more than Washington's capital; play goes on
            await screen.type(f"{dollar} {alliances}")
            await screen.wait("(cannot_afford)", mark)
            assert bo.view["sides"]["washington"]["hand_count"] == 5

            # Beijing checks; Ada raises with two cards on one line
            await bo.wait_for(lambda v: v["phase_kind"] == "betting")
            await bo.act(Check())
            await screen.wait("Beijing has chosen", mark)
            mark = len(screen.lines)
            await screen.type(f"{tariff} {chips}")
            await bo.wait_for(lambda v: v["sides"]["washington"]["hand_count"] == 3)
            await screen.wait("Washington plays Liberation Day", mark)
            await screen.wait("Washington plays AI-chip export controls", mark)
            assert await screen.quit() == 0
    finally:
        await runner.cleanup()
