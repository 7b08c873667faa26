"""The engine's errors. Each carries a stable `code` that clients can rely on.

    EngineError
    ├── MalformedCommand   the command names things that do not exist (a card, a deal term)
    └── IllegalCommand     well formed, but not allowed now (not your turn, no such card in hand)
        └── RuleFailed     a rule it sets off cannot be worked out (`rule_failed`: an overflow)

Neither changes the game: the state the command was tried on stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


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


class RuleFailed(IllegalCommand):
    """A rule the command would carry out has an expression that cannot be worked out (a
    float that overflows, a division by zero in rules stored before divisors were checked).

    `what` names the rule (`card boom`, `news crash`), `expression` is its source; the message
    says both and why. See Step.failed for when a failure refuses and when it is skipped."""

    def __init__(self, what: str, expression: str, reason: str) -> None:
        super().__init__("rule_failed", f"{what}: expression {expression!r} failed: {reason}")
        self.what = what
        self.expression = expression
        self.reason = reason


def ok(found: T | EngineError) -> T:
    """Return `found`, or raise it if it is a refusal.

    The checks the legal options run for every command (decide.CHECKS: the `opening` and the
    `rest` of each) return their common refusals rather than raise them, and the deciders pass
    what they return through `ok`: the options meet a dozen refusals a state, and a raise
    through the compiled engine's frames costs several times a return (each frame adds to a
    traceback). Rare refusals are still raised; the options take either. A refusal returned may
    be one kept and shared (`Refusals`): what is raised is a fresh copy of it."""
    if isinstance(found, RuleFailed):
        raise RuleFailed(found.what, found.expression, found.reason)
    if isinstance(found, EngineError):
        raise type(found)(found.code, found.message)
    return found


class Refusals(Generic[K]):
    """Refusals made once and returned again (never raised: `ok` raises copies), by what their
    message depends on — the options return a dozen a state, and making one runs this
    module's (uncompiled) constructor."""

    def __init__(self, code: str, message: Callable[[K], str]) -> None:
        self.code = code
        self._message = message
        self._made: dict[K, IllegalCommand] = {}

    def __call__(self, key: K) -> IllegalCommand:
        found = self._made.get(key)
        if found is None:
            if len(self._made) >= 4096:  # keys come from rule files: bounded all the same
                self._made.clear()
            found = self._made[key] = IllegalCommand(self.code, self._message(key))
        return found
