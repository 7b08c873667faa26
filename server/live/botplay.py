"""A server bot's move: what it sees of the room (its own view only) and what it chooses."""

from __future__ import annotations

from server.bots.base import Turn, decide
from server.engine import Command
from server.engine.commands import PassTalks, WithdrawDeal
from server.engine.rng import Rng
from server.live.rooms import Room
from server.ruleset.schema import Side


def bot_command(room: Room, side: Side) -> Command:
    """Return the command the room's bot for `side` chooses now (its randomness is seeded by
    the log position, so a replay chooses the same)."""
    turn = Turn.at(room.rules, room.state, side, Rng(room.n * 7919 + 1))
    command = decide(room.bots[side], turn)
    # A person gets to answer the bot's proposal: the bot does not take back its own offer while
    # it is on the table (a searching bot would, on its very next decision, before anyone could
    # read it — and in a scenario with one proposal a hand that left the person none). It
    # passes instead. Only the server's bots: the benches' games stay as they were.
    if isinstance(command, WithdrawDeal) and turn.allowed(PassTalks()):
        return PassTalks()
    return command
