"""A searching bot given a clock stops thinking once its seconds have passed (the server's bots:
server/live/rooms.py `server_bot`); without one it runs its whole work budget, the same every
time (the benches)."""

from __future__ import annotations

from server.bots import make_bot
from server.bots.base import Turn
from server.bots.search import SearchBot
from server.engine import SYSTEM, apply, initial_state
from server.engine.commands import StartGame
from server.engine.rng import Rng
from server.live.loading import load_scenarios
from server.live.rooms import BOT_SECONDS, server_bot
from server.settings import ROOT

RULES = load_scenarios(ROOT / "rules")["intro"]


def first_turn() -> Turn:
    state, _ = apply(RULES, initial_state(RULES), SYSTEM, StartGame(seed=3))
    return Turn.at(RULES, state, "washington", Rng(11))


class Ticking:
    """A clock that moves on 50 ms each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.05
        return self.now


def test_a_bot_with_a_clock_stops_when_its_seconds_are_up() -> None:
    free = make_bot("planner_strong", "washington")
    free.choose(first_turn())
    assert isinstance(free, SearchBot) and free.last_playouts > 10
    capped = make_bot("planner_strong", "washington", Ticking(), 0.18)
    capped.choose(first_turn())
    assert isinstance(capped, SearchBot)
    assert 1 <= capped.last_playouts <= 4  # the clock read once at the start, once a play-out


def test_the_server_bounds_its_searching_bots_and_only_those() -> None:
    bot = server_bot("planner_strong", "beijing")
    assert isinstance(bot, SearchBot) and bot.seconds == BOT_SECONDS and bot.clock is not None
    assert BOT_SECONDS < 0.2
    assert not isinstance(server_bot("hawk", "beijing"), SearchBot)
    bench = make_bot("planner_strong", "beijing")
    assert isinstance(bench, SearchBot) and bench.clock is None
