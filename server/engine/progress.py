"""Whether a game has started and whether it is over: GameState's `started` and `finished`
(which call these), as functions the compiled engine calls directly — a property of the
uncompiled model cost compiled code a Python call on every read (~1.4% of the server's
instructions an action)."""

from __future__ import annotations

from typing import Protocol


class Game(Protocol):
    """What the two read of a game's state (a protocol: state.py imports this module)."""

    @property
    def seed(self) -> int | None: ...

    @property
    def outcome(self) -> str | None: ...


def started(state: Game) -> bool:
    """Whether the game has begun (its seed is known)."""
    return state.seed is not None


def finished(state: Game) -> bool:
    """Whether the game is over (it has an outcome)."""
    return state.outcome is not None
