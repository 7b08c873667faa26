"""`brink play`'s table: a deal that outlasts the game read "to hand 7" in a six-hand game."""

from __future__ import annotations

from helpers import RULES_DIR, Game

from client.connection import BrinkClient
from client.terminal.board import Board
from client.terminal.names import Names
from server.engine.commands import AcceptDeal, Check, PassTalks, ProposeDeal, TermChoice
from server.ruleset.loader import load_ruleset


def test_a_deal_that_outlasts_the_game_runs_to_its_end() -> None:
    game = Game(load_ruleset(RULES_DIR / "full_2025.yaml"), seed=2)
    game.act("washington", Check())
    game.act("beijing", Check())
    game.act("washington", PassTalks())
    game.act("beijing", PassTalks())
    game.act("beijing", Check())  # hand 2: Beijing opens
    game.act("washington", Check())
    game.act("washington", ProposeDeal(terms=[TermChoice(term="tiktok_deal")], rounds=6))
    assert game.state.talks is not None and game.state.talks.proposal is not None
    game.act("beijing", AcceptDeal(proposal=game.state.talks.proposal.id))
    client = BrinkClient("ws://127.0.0.1:9/ws")  # not connected: the board reads its view
    client.view = game.view("washington").model_dump(mode="json")
    assert client.view["deals"][0]["expires_after"] == 7 and client.view["rounds"] == 6
    share = game.rules.terms["tiktok_deal"].params["us_share"].name
    for names, said in (
        (Names(game.rules, "en"), "(until the end of the game)"),  # as the log says it
        (Names(game.rules, "zh"), "（有效至遊戲結束）"),
    ):
        table = Board(client, names, "washington").situation("beijing").plain
        assert said in table and "7" not in table.split("\n")[-1], table
        # the deal's parameter by the rules' name (it was its id, "us_share 80")
        assert "us_share" not in table and names.t(share) in table, table


def test_a_proposal_on_the_table_is_not_numbered_by_its_id() -> None:
    """A proposal's id shares a counter with the face-down cards: after a bluff, a game's first
    proposal read "proposal #2". The table says whose proposal it is and its terms."""
    game = Game(load_ruleset(RULES_DIR / "intro.yaml"), seed=1)
    game.act("washington", Check())
    game.act("beijing", Check())
    game.act("washington", ProposeDeal(terms=[TermChoice(term="standstill")], rounds=1))
    client = BrinkClient("ws://127.0.0.1:9/ws")
    client.view = game.view("beijing").model_dump(mode="json")
    assert client.view["proposal"] is not None
    for names, said in (
        (Names(game.rules, "en"), "proposal from"),
        (Names(game.rules, "zh"), "的提議："),
    ):
        table = Board(client, names, "beijing").situation("beijing").plain
        assert said in table and "#" not in table.split(said)[1].split("\n")[0], table
