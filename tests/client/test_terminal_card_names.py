"""A card's name showed a 2025 figure that contradicted what it did: "Raise: +50 points (104%)"
took the tariff from 30% to 100% in a game after a truce; the web hand worked out its own figure
("(70%)") while the log, `brink replay` and `brink play` said the year's, and the card's text said
"the total reaches 104%". A card's name now holds no figure the game decides, and is said alike
everywhere (the hand, the menu, its reasons, the log); its text tells the year's totals as the
year's ("In April 2025 that took the total from 34% to 104%"). The decks are stacked
(tests/web/trialkit.py): Washington's first hand holds the +50 card."""

from __future__ import annotations

import io
import re
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
from server.engine import events as ev
from server.game.narrate import describe
from server.ruleset.loader import load_ruleset
from server.web.appkeys import HUB

RAISE_50 = "us_tariff_50"
RATE = re.compile(r"[(（]\d+%[)）]\s*$")


def test_a_card_is_named_alike_in_the_hand_and_the_log_with_no_figure_the_game_decides() -> None:
    game = Game(load_ruleset(RULES_DIR / "intro.yaml"), decks=DECKS)
    rules = game.rules
    for scenario in ("intro", "classroom", "full_2025"):  # every card of the shipped rules
        for spec in load_ruleset(RULES_DIR / f"{scenario}.yaml").cards.values():
            for name in (spec.name.en, spec.name.zh):
                assert not RATE.search(name), name
    # the texts tell the year's totals as the year's, not as what the card does now
    raise_50 = rules.cards[RAISE_50]
    assert "the total reaches 104%" not in raise_50.text.en
    assert "April 2025" in raise_50.text.en and "2025年4月" in raise_50.text.zh
    for card in ("us_tariff_41", "cn_tariff_50", "cn_tariff_41"):
        text = rules.cards[card].text
        assert "April 2025" in text.en and "2025年4月" in text.zh, card
    # "setting its tariff on US goods at 125%": the card adds 41 points
    assert "setting its tariff" not in rules.cards["cn_tariff_41"].text.en

    en, zh = Names(rules, "en"), Names(rules, "zh")
    client = BrinkClient("ws://127.0.0.1:9/ws")  # not connected: the board reads its view
    client.view = game.view("washington").model_dump(mode="json")
    assert RAISE_50 in client.view["sides"]["washington"]["hand"]
    drawn = io.StringIO()
    Console(file=drawn, width=400).print(Board(client, en, "washington").hand_table())
    assert "Raise: +50 points " in drawn.getvalue(), drawn.getvalue()
    assert not re.search(r"Raise: \+50 points \(\d+%\)", drawn.getvalue())
    played = ev.CardPlayed(side="washington", card=RAISE_50)
    for names in (en, zh):
        told = describe(rules, played, names.lang)
        assert told is not None and names.card_title(RAISE_50) in told, told


async def test_brink_play_names_the_card_in_its_menu_as_the_log_does(
    redis_url: str, tmp_path: Path
) -> None:
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
            assert "Play Raise: +50 points (cost 1, stake +2)" in shown, shown
            # refused at 0% (it needs a tariff): the reason names it the same way
            assert "‘Raise: +50 points’ needs" in shown, shown
            assert not re.search(r"Raise: \+50 points \(\d+%\)", shown), shown
            assert await screen.quit() == 0
    finally:
        await runner.cleanup()
