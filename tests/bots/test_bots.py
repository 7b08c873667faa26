"""Bots play legal moves from their own view only, and their characters show in play."""

from __future__ import annotations

import pytest
from helpers import RULES_DIR, Game, stacked, table

from server.bots import BOTS, Turn, make_bot
from server.bots.planner import sample_world
from server.engine import events as ev
from server.engine import view
from server.engine.commands import Check, PlayCards
from server.engine.rng import Rng
from server.game.match import play_match
from server.ruleset.loader import load_ruleset
from server.ruleset.schema import Side


def turn_for(side: Side, seed: int = 1, game: Game | None = None) -> Turn:
    game = game or stacked()
    return Turn.at(game.rules, game.state, side, Rng(seed))


@pytest.mark.parametrize("name", sorted(BOTS))
def test_every_bot_finishes_games_on_every_scenario(name: str) -> None:
    for path in sorted(RULES_DIR.glob("*.yaml")):
        rules = load_ruleset(path)
        bots = {
            "washington": make_bot(name, "washington"),
            "beijing": make_bot("random", "beijing"),
        }
        result = play_match(rules, bots, seed=3)  # type: ignore[arg-type]
        assert result.state.finished
        assert result.state.round <= rules.scenario.rounds


def test_the_hawk_opens_with_its_strongest_escalating_card() -> None:
    choice = make_bot("hawk", "washington").choose(turn_for("washington"))
    assert choice == PlayCards(cards=["us_tariff"])


def test_the_dove_plays_a_concession_first() -> None:
    choice = make_bot("dove", "washington").choose(turn_for("washington"))
    assert choice == PlayCards(cards=["us_concession"])


def beijing_to_act() -> Game:
    game = stacked()
    game.act("washington", Check())
    return game


def test_tit_for_tat_answers_a_raise_with_a_raise_and_a_check_with_a_check() -> None:
    bot = make_bot("tit_for_tat", "beijing")
    assert bot.choose(turn_for("beijing", game=beijing_to_act())) == Check()
    bot.observe([ev.StakeRaised(side="washington", stake=2)])
    assert bot.choose(turn_for("beijing", game=beijing_to_act())).type == "play"
    bot.observe([ev.Checked(side="washington")])
    assert bot.choose(turn_for("beijing", game=beijing_to_act())) == Check()


def test_tit_for_tat_does_not_answer_a_concession_with_a_raise() -> None:
    game = stacked()
    events = game.act("washington", PlayCards(cards=["us_concession"]))
    bot = make_bot("tit_for_tat", "beijing")
    bot.observe(events)
    assert bot.choose(turn_for("beijing", game=game)).type != "play"


def test_tit_for_tat_ignores_its_own_raises() -> None:
    bot = make_bot("tit_for_tat", "beijing")
    bot.observe([ev.StakeRaised(side="beijing", stake=2)])
    assert bot.choose(turn_for("beijing", game=beijing_to_act())) == Check()


def test_the_random_bot_chooses_only_legal_commands_and_varies() -> None:
    chosen: set[str] = set()
    for seed in range(30):
        turn = turn_for("washington", seed)
        choice = make_bot("random", "washington").choose(turn)
        assert turn.allowed(choice)
        chosen.add(choice.model_dump_json())
    assert len(chosen) > 3


def test_the_planner_samples_worlds_consistent_with_its_view() -> None:
    game = stacked()
    mine = view(game.rules, game.state, "beijing")
    world = sample_world(game.rules, mine, "beijing", Rng(5))
    assert world.hands["beijing"].cards == game.state.hands["beijing"].cards
    assert len(world.hands["washington"].cards) == 4
    assert world.vars["cn_chips"] == game.vars["cn_chips"]
    assert world.vars["tariff_on_china"] == game.vars["tariff_on_china"]
    assert world.to_act == game.state.to_act


def test_the_planner_does_not_read_the_real_hidden_state() -> None:
    game = stacked()
    mine = view(game.rules, game.state, "beijing")
    assert mine.sides["washington"].private is None
    worlds = {
        sample_world(game.rules, mine, "beijing", Rng(s)).hands["washington"] for s in range(8)
    }
    assert len(worlds) > 1


def test_the_planner_beats_random_on_the_test_table() -> None:
    rules = table()
    margin = 0
    for seed in range(12):
        bots = {
            "washington": make_bot("planner", "washington"),
            "beijing": make_bot("random", "beijing"),
        }
        scores = play_match(rules, bots, seed).state.scores  # type: ignore[arg-type]
        margin += scores["washington"] - scores["beijing"]
    assert margin > 0


def test_an_unknown_bot_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        make_bot("oracle", "washington")
