"""A server bot's move: what it sees of the room (its own view only) and what it chooses."""

from __future__ import annotations

from server.bots.base import Turn, before_people, decide
from server.engine import Command
from server.engine.rng import Rng
from server.live.rooms import Room
from server.ruleset.schema import Side


def bot_command(room: Room, side: Side) -> Command:
    """Return the command the room's bot for `side` chooses now (its randomness is seeded by
    the log position, so a replay chooses the same)."""
    turn = Turn.at(room.rules, room.state, side, Rng(room.n * 7919 + 1))
    return before_people(decide(room.bots[side], turn), turn)
