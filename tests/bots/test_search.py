"""The search planner (ISMCTS): reproducible, seeing only its own view, tracking what it was
shown, forecasting as the engine plays, and stronger than the rule-of-thumb bots."""

from __future__ import annotations

import pytest
from helpers import RULES_DIR, Game, stacked

from server.bots import BOTS, Turn, make_bot
from server.bots.belief import Habits, Tracker
from server.bots.forecast import forecast
from server.bots.planner import random_command
from server.bots.sampler import Sampler
from server.bots.search import LEVELS, SearchBot
from server.engine import Seat, apply, redact, view, waiting_sides
from server.engine import events as ev
from server.engine.commands import Call, Check, Command, PassTalks
from server.engine.rng import Rng
from server.engine.state import GameState
from server.game.match import play_match
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

SCENARIOS = sorted(path.stem for path in RULES_DIR.glob("*.yaml"))


def rules_of(name: str) -> Ruleset:
    return load_ruleset(RULES_DIR / f"{name}.yaml")


def test_the_levels_are_offered_as_bots() -> None:
    assert {"planner_easy", "planner", "planner_strong"} <= set(BOTS)
    budgets = [LEVELS[level].playouts for level in ("easy", "normal", "strong")]
    assert budgets == sorted(budgets) and len(set(budgets)) == 3


def test_the_same_game_and_seed_give_the_same_moves() -> None:
    rules = rules_of("intro")
    games = [
        play_match(
            rules,
            {
                "washington": make_bot("planner", "washington"),
                "beijing": make_bot("hawk", "beijing"),
            },
            seed=5,
        )
        for _ in range(2)
    ]
    assert games[0].commands == games[1].commands


def _quietly(rules: Ruleset, state: GameState) -> tuple[GameState, bool]:
    """Play the game out with checks, calls and passes; say whether anyone folded."""
    folded = False
    while not state.finished:
        side = waiting_sides(state)[0]
        command: Command
        if state.talks is not None and not state.talks.closed:
            command = PassTalks()
        elif state.betting is not None and state.betting.facing and state.to_act == side:
            command = Call()
        else:
            command = Check()
        state, events = apply(rules, state, Seat(side=side), command)
        folded |= any(isinstance(event, ev.Folded) for event in events)
    return state, folded


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_forecast_scores_a_quiet_game_as_the_engine_does(name: str) -> None:
    rules = rules_of(name)
    compared = 0
    for seed in range(20):
        game = Game(rules, seed=seed)
        rng = Rng(seed)
        state = game.state
        for _ in range(rng.below(25)):  # some random play, then to the start of the next hand
            if state.finished:
                break
            state, _ = apply(rules, state, *random_command(rules, state, rng))  # type: ignore[misc]
        hand = state.round
        while not state.finished and state.round == hand:
            state, _ = apply(rules, state, *random_command(rules, state, rng))  # type: ignore[misc]
        if state.finished:
            continue
        played, folded = _quietly(rules, state)
        if not folded:
            assert forecast(rules, state) == played.scores, f"seed {seed}"
            compared += 1
    assert compared >= 6


def _tracked_game(name: str, seed: int, me: Side) -> tuple[Ruleset, GameState, Tracker]:
    rules = rules_of(name)
    game = Game(rules, seed=seed)
    tracker = Tracker(me)
    tracker.observe(e for e in (redact(rules, e, me) for e in game.log) if e is not None)
    rng = Rng(seed)
    state = game.state
    while not state.finished and state.round < 3:
        move = random_command(rules, state, rng)
        assert move is not None
        state, events = apply(rules, state, *move)
        tracker.observe(e for e in (redact(rules, e, me) for e in events) if e is not None)
    return rules, state, tracker


@pytest.mark.parametrize("me", SIDES)
def test_the_tracker_follows_the_other_sides_hidden_stockpile_and_capital(me: Side) -> None:
    exact = 0
    for seed in range(10):
        rules, state, tracker = _tracked_game("full_2025", seed, me)
        if state.finished:
            continue
        tracker.update(rules, view(rules, state, me))
        hidden = {k: v for k, v in state.vars.items() if rules.scopes[k] not in ("public", me)}
        assert set(tracker.estimates) == set(hidden)
        exact += tracker.estimates == hidden
    assert exact >= 7  # only a card shown face down and then folded away hides its cost


def test_the_tracker_learns_the_other_sides_habits() -> None:
    rules = rules_of("intro")
    result = play_match(
        rules,
        {"washington": make_bot("random", "washington"), "beijing": make_bot("hawk", "beijing")},
        seed=2,
    )
    tracker = Tracker("washington")
    tracker.observe(e for e in (redact(rules, e, "washington") for e in result.log) if e)
    final = view(rules, result.state, "washington")
    tracker.update(rules, final)
    prior = Habits().weights("facing")["raise"]
    assert (
        tracker.habits.weights("facing")["raise"] + tracker.habits.weights("open")["raise"]
        > 2 * prior
    )
    assert tracker.habits.counts["facing"]["fold"] == 0


def test_sampled_worlds_keep_what_the_bot_sees_and_vary_what_it_does_not() -> None:
    game = stacked()
    mine = view(game.rules, game.state, "beijing")
    tracker = Tracker("beijing")
    tracker.update(game.rules, mine)
    sampler = Sampler(game.rules, mine, "beijing", tracker)
    worlds = [sampler.sample(Rng(seed), tracker.habits) for seed in range(8)]
    for world in worlds:
        assert world.hands["beijing"].cards == game.state.hands["beijing"].cards
        assert world.vars["cn_chips"] == game.vars["cn_chips"]
        assert len(world.hands["washington"].cards) == len(game.state.hands["washington"].cards)
    assert len({world.hands["washington"] for world in worlds}) > 1


class Counting(SearchBot):
    def __init__(self, side: Side) -> None:
        super().__init__(side, LEVELS["easy"])
        self.runs: list[int] = []

    def choose(self, turn: Turn) -> Command:
        command = super().choose(turn)
        self.runs.append(self.last_playouts)
        return command


def test_a_decision_stays_within_its_playout_budget() -> None:
    bot = Counting("washington")
    bots = {"washington": bot, "beijing": make_bot("random", "beijing")}
    assert play_match(rules_of("intro"), bots, seed=1).state.finished  # type: ignore[arg-type]
    assert max(bot.runs) <= LEVELS["easy"].playouts
    assert any(bot.runs)


def test_the_planner_beats_the_rule_of_thumb_bots_on_the_first_lesson() -> None:
    rules = rules_of("intro")
    wins = games = 0
    for opponent in ("random", "hawk", "dove", "tit_for_tat"):
        for seed in range(3):
            for seat, other in (("washington", "beijing"), ("beijing", "washington")):
                bots = {seat: make_bot("planner", seat), other: make_bot(opponent, other)}  # type: ignore[arg-type]
                scores = play_match(rules, bots, seed).state.scores  # type: ignore[arg-type]
                wins += scores[seat] > scores[other]  # type: ignore[index]
                games += 1
    assert wins >= 0.6 * games, f"{wins} of {games}"
