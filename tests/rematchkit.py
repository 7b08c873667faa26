"""Playing a game to its end for the rematch tests (tests/server/test_rematch*.py): each player
checks, calls and passes."""

from __future__ import annotations

import asyncio

from client.connection import BrinkClient
from server.engine.commands import Call, Check, PassTalks
from server.protocol import Notice


async def play_to_the_end(player: BrinkClient) -> None:
    """Check, call and pass for the player's side until the game is over."""
    side = player.side
    for _ in range(300):
        view = player.view
        if view["outcome"]:
            return
        if view["to_act"] == side:
            await player.act(Call() if view["facing"] else Check())
        elif view["phase_kind"] == "talks" and side not in view["passed"]:
            await player.act(PassTalks())
        else:
            await player.next_update(timeout=10)
    raise AssertionError("the game did not end")


async def both_play_out(*players: BrinkClient) -> None:
    """Play the game to its end with every player at once."""
    await asyncio.gather(*(play_to_the_end(player) for player in players))


def notices(player: BrinkClient, kind: str) -> list[Notice]:
    """The notices of `kind` the player has received in its room's log."""
    return [e.notice for e in player.entries if e.notice is not None and e.notice.kind == kind]


async def hears(player: BrinkClient, kind: str) -> Notice:
    """Wait until the player's room's log holds a notice of `kind`; return the first."""
    async with asyncio.timeout(10):
        while not notices(player, kind):
            await player.next_update(timeout=10)
    return notices(player, kind)[0]
