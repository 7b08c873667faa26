"""The engine's bots, by name. Each sees only its own seat's view."""

from __future__ import annotations

from collections.abc import Callable

from server.bots.base import Bot, Turn
from server.bots.planner import PlannerBot
from server.bots.search import LEVELS, SearchBot
from server.bots.simple import DoveBot, HawkBot, RandomBot, TitForTatBot
from server.ruleset.schema import Side


def _planner(level: str, name: str) -> Callable[[Side], Bot]:
    return lambda side: SearchBot(side, LEVELS[level], name=name)


BOTS: dict[str, Callable[[Side], Bot]] = {
    "random": lambda side: RandomBot(),
    "hawk": lambda side: HawkBot(),
    "dove": lambda side: DoveBot(),
    "tit_for_tat": TitForTatBot,
    "planner_easy": _planner("easy", "planner_easy"),
    "planner": _planner("normal", "planner"),
    "planner_strong": _planner("strong", "planner_strong"),
    "planner_classic": PlannerBot,
}

__all__ = ["BOTS", "Bot", "Turn", "make_bot"]


def make_bot(
    name: str,
    side: Side,
    clock: Callable[[], float] | None = None,
    seconds: float | None = None,
) -> Bot:
    """Return a new bot `name` to play `side`; raise KeyError for an unknown name. With `clock`
    and `seconds`, a searching bot also stops thinking once `seconds` have passed by `clock`
    (the server's bots: a decision never holds a player up longer, however busy the machine;
    benches leave it out, so that their games stay the same from run to run)."""
    bot = BOTS[name](side)
    if isinstance(bot, SearchBot):
        bot.clock, bot.seconds = clock, seconds
    return bot
