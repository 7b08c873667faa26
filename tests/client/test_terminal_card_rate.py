"""`brink play` names a hand's card as the web page does (client/web/text.js `cardTitle`): the rate
its name ends with — "Raise: +50 points (104%)", the year's figure — said as the rate playing it
now would make, worked out from the card's effects in the seat's view. It printed the year's
figure in the hand, the menu and the menu's reasons, whatever the game's tariff. The decks are
stacked (tests/web/trialkit.py): Washington's first hand holds the +50 card."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from clientkit import Screen, brink
from helpers import RULES_DIR, Game
from rich.console import Console
from serverkit import start_server
from web.trialkit import DECKS, stacked_room

from client.connection import BrinkClient
from client.terminal.board import Board
from client.terminal.names import Names
from client.terminal.titles import card_title
from server.ruleset.loader import load_ruleset
from server.web.appkeys import HUB

RAISE_50 = "us_tariff_50"


def test_the_title_says_the_rate_the_card_would_make_by_the_view() -> None:
    game = Game(load_ruleset(RULES_DIR / "intro.yaml"), decks=DECKS)
    rules = game.rules
    view = game.view("washington").model_dump(mode="json")
    assert RAISE_50 in view["sides"]["washington"]["hand"]
    assert (view["public"]["tariff_on_china"], view["public"]["fentanyl_tariff"]) == (0, 20)
    en, zh = Names(rules, "en"), Names(rules, "zh")
    assert card_title(rules, RAISE_50, en.card_name(RAISE_50), view) == "Raise: +50 points (70%)"
    assert card_title(rules, RAISE_50, zh.card_name(RAISE_50), view).endswith("（70%）")
    view["public"]["tariff_on_china"] = 44  # after a truce's snapback
    assert card_title(rules, RAISE_50, en.card_name(RAISE_50), view).endswith("(114%)")
    view["public"]["tariff_on_china"] = 180  # no further than the rate's bounds (200)
    assert card_title(rules, RAISE_50, en.card_name(RAISE_50), view).endswith("(200%)")
    # as written: without a view; a name that ends with no rate in brackets
    assert card_title(rules, RAISE_50, en.card_name(RAISE_50), None).endswith("(104%)")
    liberation = en.card_name("us_tariff_34")
    assert card_title(rules, "us_tariff_34", liberation, view) == liberation

    # the board's hand says it so, the card's text keeping the year's story
    client = BrinkClient("ws://127.0.0.1:9/ws")  # not connected: the board reads its view
    client.view = game.view("washington").model_dump(mode="json")
    en.view = lambda: client.view
    drawn = io.StringIO()
    Console(file=drawn, width=400).print(Board(client, en, "washington").hand_table())
    assert "Raise: +50 points (70%)" in drawn.getvalue(), drawn.getvalue()
    assert "Raise: +50 points (104%)" not in drawn.getvalue()
    assert "the total reaches 104%" in drawn.getvalue()


async def test_brink_play_says_the_rate_in_its_menu(redis_url: str, tmp_path: Path) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    try:
        code = await stacked_room(runner.app[HUB], DECKS)
        async with BrinkClient(url, "Bo") as bo:
            await bo.join(code, "beijing")
            seat = ("--room", code, "--seat", "washington", "--name", "Ada")
            process = await brink(
                "play", "--url", url, *seat, "--lang", "en", stdin=subprocess.PIPE
            )
            screen = Screen(process)
            await screen.wait("▶ your move")
            shown = screen.text()
            assert "Play Raise: +50 points (70%) (cost 1, stake +2)" in shown, shown
            # refused at 0% (it needs a tariff): the reason names it the same way
            assert "‘Raise: +50 points (70%)’ needs" in shown, shown
            assert "Raise: +50 points (104%)" not in shown, shown
            assert await screen.quit() == 0
    finally:
        await runner.cleanup()
