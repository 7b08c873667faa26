"""`brink play` says why a move is refused in the player's language: in Chinese the engine's
English messages were shown as they came ("過牌 — there is a raise to answer: call, raise or
fold"); a role's refusal names the role (and a card) as the rules do, in both languages."""

from __future__ import annotations

from helpers import RULES_DIR, Game
from rich.console import Console

from client.terminal.menu import Menu
from client.terminal.names import Names
from client.terminal.refusals import refusal
from server.engine import Seat
from server.engine.commands import Check, ProposeDeal, TermChoice
from server.engine.legal import options
from server.ruleset.loader import load_ruleset


def classroom() -> Game:
    return Game(load_ruleset(RULES_DIR / "classroom.yaml"), seed=3)


def test_a_roles_refusal_names_the_role_in_both_languages() -> None:
    game = classroom()
    english, chinese = Names(game.rules, "en"), Names(game.rules, "zh")
    fold = options(game.rules, game.state, Seat(side="beijing", role="vice_premier")).actions
    said = fold["fold"]
    assert said is not None and said.message == "Vice Premier may not fold"
    assert refusal(english, said.code, said.message, "beijing") == "Vice Premier may not fold"
    assert refusal(chinese, said.code, said.message, "beijing") == "副總理不能棄牌"

    game.act("washington", Check())
    game.act("beijing", Check())
    game.act("beijing", ProposeDeal(terms=[TermChoice(term="standstill")], rounds=1))
    treasury = Seat(side="washington", role="treasury")
    accept = options(game.rules, game.state, treasury).actions["accept"]
    assert accept is not None and accept.code == "role_not_allowed"
    said_en = refusal(english, accept.code, accept.message, "washington")
    assert said_en == "only the President may accept a deal"
    assert refusal(chinese, accept.code, accept.message, "washington") == "只有總統可以接受協議"


def test_a_card_a_role_may_not_play_is_named_in_both_languages() -> None:
    game = classroom()
    english, chinese = Names(game.rules, "en"), Names(game.rules, "zh")
    play = options(game.rules, game.state, Seat(side="washington", role="treasury")).play
    barred = [
        (card, said) for card, said in play.items() if said and said.code == "role_not_allowed"
    ]
    assert barred, play
    card, said = barred[0]
    assert said.message == f"Treasury may not play {card}"
    name_en, name_zh = english.card_name(card), chinese.card_name(card)
    assert refusal(english, said.code, said.message, "washington") == (
        f"Treasury may not play ‘{name_en}’"
    )
    assert refusal(chinese, said.code, said.message, "washington") == f"財政部不能打出「{name_zh}」"


def test_the_chinese_menu_says_why_in_chinese() -> None:
    game = classroom()
    names = Names(game.rules, "zh")
    menu = Menu(names, "beijing")
    view = game.view("beijing").model_dump(mode="json")
    menu.update(options(game.rules, game.state, Seat(side="beijing", role="vice_premier")), view)
    console = Console(width=200, record=True, color_system=None)
    console.print(menu.panel())
    shown = console.export_text()
    assert "跟注（攤牌：下注結束） — 同時下注時沒有加注可跟" in shown, shown
    assert "棄牌 — 副總理不能棄牌" in shown, shown
    assert "simultaneous" not in shown and "may not" not in shown, shown


def test_numbers_in_a_refusal_are_kept_in_chinese() -> None:
    names = Names(classroom().rules, "zh")
    limit = "no more than 1 proposal a hand"
    assert refusal(names, "proposal_limit", limit) == "每局最多 1 個提議"
    assert refusal(names, "bad_rounds", "a deal runs from 1 to 3 hands") == "協議期限為 1 到 3 局"
    in_force = refusal(names, "term_in_force", "standstill is already in force")
    assert in_force == "「按兵不動」已在生效中的協議裡"
    assert refusal(names, "some_new_code", "the server says no") == "the server says no"


def test_a_class_rooms_refusal_is_said_in_chinese() -> None:
    message = "this room's seats are given by its class: join the class with its code"
    said = refusal(Names(classroom().rules, "zh"), "class_seat", message)
    assert said == "這個房間的座位由它的課堂分配：請用課堂代碼加入課堂"


def test_a_rule_that_cannot_be_worked_out_is_said_in_chinese_with_the_cards_name() -> None:
    names = Names(classroom().rules, "zh")
    card = next(iter(names.rules.cards))
    message = f"card {card}: expression 'x * 1e308' failed: its value is too large to be a number"
    said = refusal(names, "rule_failed", message, "washington")
    name = names.card_name(card)
    assert said == f"這一步會觸發一條現在無法計算的規則（「{name}」 的算式 'x * 1e308'），請換一步"
    news = "news crash: expression 'a // 0' failed: it divides by zero"
    assert "crash 的算式 'a // 0'" in refusal(names, "rule_failed", news, "washington")
