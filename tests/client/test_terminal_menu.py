"""`brink play`'s menu warns of a card that would break a deal in force (it stays on offer)."""

from __future__ import annotations

from helpers import stacked

from client.terminal.menu import Menu
from client.terminal.names import Names
from server.engine import Seat
from server.engine.commands import AcceptDeal, Check, PassTalks, PlayCards, ProposeDeal, TermChoice
from server.engine.legal import options


def test_the_menu_says_which_card_breaks_the_truce() -> None:
    game = stacked()
    game.act("washington", Check())
    game.act("beijing", Check())
    game.act("washington", ProposeDeal(terms=[TermChoice(term="truce")], rounds=3))
    assert game.state.talks is not None and game.state.talks.proposal is not None
    game.act("beijing", AcceptDeal(proposal=game.state.talks.proposal.id))
    game.act("washington", PassTalks())
    game.act("beijing", PassTalks())
    view = game.view("washington").model_dump(mode="json")
    menu = Menu(Names(game.rules, "en"), "washington")
    items = menu.build(options(game.rules, game.state, Seat(side="washington")), view)
    plays = {item.command.cards[0]: item for item in items if isinstance(item.command, PlayCards)}
    assert "breaks the deal in force: Truce" in plays["us_tariff"].label
    assert plays["us_tariff"].refused is None
    assert "breaks" not in plays["us_onshoring"].label
