"""`brink play`'s "Public tracks" listed the rules' bookkeeping as if it were the state of the
table ("Who started the trade war (1 Washington, 2 Beijing, 3 both: …) 0", "Leverage the other
side wins when you raise first in a hand 3"): a variable marked `internal` is not shown."""

from __future__ import annotations

from helpers import RULES_DIR, Game
from rich.console import Console

from client.connection import BrinkClient
from client.terminal.board import Board
from client.terminal.names import Names
from server.engine.commands import Check
from server.ruleset.loader import load_ruleset


def test_public_tracks_leave_out_the_rules_bookkeeping() -> None:
    game = Game(load_ruleset(RULES_DIR / "full_2025.yaml"), seed=2)
    game.act("washington", Check())
    client = BrinkClient("ws://127.0.0.1:9/ws")  # not connected: the board reads its view
    client.view = game.view("beijing").model_dump(mode="json")
    assert "aggressor" in client.view["public"]  # the view still carries it
    for lang in ("en", "zh"):
        names = Names(game.rules, lang)
        board = Board(client, names, "beijing")
        console = Console(width=200, record=True)
        console.print(board.tracks())
        table = console.export_text()
        assert names.variable("us_market") in table, table
        for name in game.rules.internal:
            assert names.variable(name) not in table, (name, table)
