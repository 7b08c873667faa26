"""`brink play` tells a card played before the price paid for it: the engine pays a card's cost
(a change of your private capital) first, and the cost was told first, read as a detail of the
line before ("… waiting for Beijing" / "· Washington's political capital 3 → 2" / "Washington
plays …"). A side passing in the talks is told in the server's words (server/game/narrate.py),
not in a phrase of the terminal's own."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from clientkit import Screen, brink

from client.connection import BrinkClient
from client.terminal.names import Names
from client.terminal.narration import Narrator
from client.terminal.words import WORDS
from server.engine.events import TalksPassed
from server.game.narrate import Language, describe
from server.protocol import Entry
from server.ruleset.loader import load_ruleset


async def test_a_card_is_told_before_the_price_paid_for_it(server_url: str) -> None:
    async with BrinkClient(server_url, "Bo") as bo:
        room = await bo.create_room("full_2025", timers=False)  # 7 cards a hand
        await bo.join(room.code, "beijing")
        seat = ("--room", room.code, "--seat", "washington", "--name", "Ada")
        screen = Screen(await brink("play", "--url", server_url, *seat, stdin=subprocess.PIPE))
        await screen.wait("▶ your move")  # Washington opens the first hand
        costly = re.search(r"│\s+(\d+)\s+Play ([^\n]+?) \(cost [1-9]", screen.text())
        assert costly is not None, screen.text()
        mark = len(screen.lines)
        await screen.type(costly[1])
        played = await screen.wait(f"Washington plays {costly[2]}.", mark)
        paid = await screen.wait("Washington's political capital", mark)
        assert played < paid, screen.text(mark)
        assert await screen.quit() == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_side_passing_in_the_talks_is_told_as_the_server_tells_it(lang: Language) -> None:
    rules = load_ruleset(Path("rules/classroom.yaml"))
    passed = TalksPassed(side="beijing")
    said = Narrator(Names(rules, lang)).say(Entry(n=7, event=passed))
    assert said is not None and said.plain == describe(rules, passed, lang)
    assert "talks_passed" not in WORDS[lang]
