"""Test helpers for bots: a bot that takes back whatever proposal it can (the bots that play
people must not take back their own: server/bots/base.py `before_people`)."""

from __future__ import annotations

from server.bots.base import Turn
from server.engine.commands import Command, WithdrawDeal


class TakesItBack:
    """A bot that withdraws any proposal it can."""

    name = "takes_it_back"
    observes = False

    def choose(self, turn: Turn) -> Command:
        for command in turn.options:
            if isinstance(command, WithdrawDeal) and turn.allowed(command):
                return command
        return turn.options[0]
