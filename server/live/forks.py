""" "What if" games: a new live room that continues a recorded game from one of its steps.

The new room's log starts with the original's entries up to that step, unchanged (so its own
record replays from the first move and says where it came from); its state is the game's at
that step, under the rules the game was played with; seats are free or filled by bots. The
original lists its forks.
"""

from __future__ import annotations

from server.live.hub import Hub
from server.live.rooms import Room
from server.replay.steps import rest_point
from server.replay.verify import Verified


class ForkRefused(ValueError):
    """No game to continue at that step; `reason` says why, for clients to put in their own
    words: `no_step` (the game has no such step), `not_begun` or `over` (at that step)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


async def fork(
    hub: Hub, verified: Verified, step: int, bots: dict[str, str], language: str
) -> tuple[Room, str, int]:
    """Open a room continuing `verified`'s game from `step`; return it, its instructor key and
    the step it continues from (moved back to the nearest rest point). A step the log does
    not have is refused, not moved to the nearest end: past the last step of a running game
    is a move nobody has made yet."""
    count = len(verified.record.entries)
    if not 0 <= step <= count:
        raise ForkRefused("no_step", f"the game has no step {step}: its steps are 0 to {count}")
    step = rest_point(verified, step)
    state = verified.states[step]
    if not state.started:
        raise ForkRefused("not_begun", "the game has not begun at that step")
    if state.finished:
        raise ForkRefused("over", "the game is over at that step")
    source = verified.record.header.code
    rules = verified.record.rules
    room, key = await hub.open_room(rules, language, {}, bots, True, f"{source}:{step}")
    await hub.graft(room, verified.record.entries[:step], state)
    await hub.store.games.add_fork(source, room.code)
    return room, key, step
