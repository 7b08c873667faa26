"""The engine's errors. Each carries a stable `code` that clients can rely on.

    EngineError
    ├── MalformedCommand   the command names things that do not exist (a card, a deal term)
    └── IllegalCommand     well formed, but not allowed now (not your turn, no such card in hand)

Neither changes the game: the state the command was tried on stays as it was.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class EngineError(Exception):
    """A command the engine refused; `code` is stable, `message` is for people."""

    kind = "error"

    def __init__(self, code: str, message: str) -> None:
        # The text is made only when asked for (`__str__`): the legal options raise and catch
        # a dozen of these for every state a seat is waited on in.
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class MalformedCommand(EngineError):
    """The command refers to something the rules do not define."""

    kind = "malformed"


class IllegalCommand(EngineError):
    """The command is well formed but not allowed in this state."""

    kind = "illegal"


def ok(found: T | EngineError) -> T:
    """Return `found`, or raise it if it is a refusal.

    The checks the legal options run for every command (decide.CHECKS: the `opening` and the
    `rest` of each) return their common refusals rather than raise them, and the deciders pass
    what they return through `ok`: the options meet a dozen refusals a state, and a raise
    through the compiled engine's frames costs several times a return (each frame adds to a
    traceback). Rare refusals are still raised; the options take either."""
    if isinstance(found, EngineError):
        raise found
    return found
