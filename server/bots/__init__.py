"""The engine's bots, by name. Each sees only its own seat's view."""

from __future__ import annotations

from collections.abc import Callable

from server.bots.base import Bot, Turn
from server.bots.planner import PlannerBot
from server.bots.simple import DoveBot, HawkBot, RandomBot, TitForTatBot
from server.ruleset.schema import Side

BOTS: dict[str, Callable[[Side], Bot]] = {
    "random": lambda side: RandomBot(),
    "hawk": lambda side: HawkBot(),
    "dove": lambda side: DoveBot(),
    "tit_for_tat": TitForTatBot,
    "planner": PlannerBot,
}

__all__ = ["BOTS", "Bot", "Turn", "make_bot"]


def make_bot(name: str, side: Side) -> Bot:
    """Return a new bot `name` to play `side`; raise KeyError for an unknown name."""
    return BOTS[name](side)
