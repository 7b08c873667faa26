"""`brink play`'s menu warns of a card that would break a deal in force (it stays on offer)."""

from __future__ import annotations

from helpers import RULES_DIR, stacked
from rich.console import Console

from client.terminal.menu import Item, Menu, with_params
from client.terminal.names import Names
from server.engine import Seat
from server.engine.commands import AcceptDeal, Check, PassTalks, PlayCards, ProposeDeal, TermChoice
from server.engine.legal import options
from server.ruleset.loader import load_ruleset


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


def test_a_refusal_names_the_condition_in_peoples_words() -> None:
    game = stacked()  # Washington's capital is 3; the 100% threat needs 5
    menu = Menu(Names(game.rules, "en"), "washington")
    view = game.view("washington").model_dump(mode="json")
    menu.update(options(game.rules, game.state, Seat(side="washington")), view)
    console = Console(width=200, record=True, color_system=None)
    console.print(menu.panel())
    shown = console.export_text()
    assert "‘100% threat’ needs US capital ≥ 5" in shown, shown
    assert "us_capital" not in shown and ">=" not in shown


def test_the_rules_words_for_counters_flags_and_operators_in_both_languages() -> None:
    rules = load_ruleset(RULES_DIR / "intro.yaml")
    english, chinese = Names(rules, "en"), Names(rules, "zh")
    message = "us_truce_extension needs deals_in_force >= 1"
    assert english.humane(message) == "‘Extend the truce’ needs deals in force ≥ 1"
    assert chinese.humane(message) == "‘延長休戰期’需要：生效中的協議數 ≥ 1"
    flag = "magnets_for_chips needs (magnet_flow < 100 or cn_ree_controls == 1) and eda_ban > 0"
    said = english.humane(flag)
    assert "Rare-earth export controls in force: on" in said
    assert "cn_ree_controls" not in said and "==" not in said
    assert "或" in chinese.humane(flag) and " or " not in chinese.humane(flag)


def test_the_truce_extensions_hands_added_and_the_deals_length_are_both_typed() -> None:
    # The truce extension has a parameter `rounds` (hands added): `rounds=N` set the deal's
    # length instead, and the menu's example read ‘1 rounds=1 rounds=6’.
    extend = ProposeDeal(terms=[TermChoice(term="truce_extension", params={"rounds": 3})], rounds=3)
    typed = with_params(extend, ["rounds=2", "hands=1"])
    assert isinstance(typed, ProposeDeal)
    assert typed.terms[0].params == {"rounds": 2} and typed.rounds == 1
    truce = ProposeDeal(terms=[TermChoice(term="tariff_truce", params={"on_china": 30})], rounds=3)
    assert with_params(truce, ["rounds=2"]).model_dump()["rounds"] == 2  # no parameter `rounds`
    menu = Menu(Names(load_ruleset(RULES_DIR / "classroom.yaml"), "en"), "washington")
    menu.items = [
        Item("Propose Truce extension (rounds=3), 3 hands", extend, None, "truce_extension")
    ]
    assert menu.example() == "other numbers: ‘1 rounds=1 hands=3’ (hands 1-3)"
