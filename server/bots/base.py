"""What a bot is: a policy that sees only its seat's view and the events that seat may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from server.engine.commands import Command, PlayCards
from server.engine.events import Event
from server.engine.rng import Rng
from server.engine.views import View
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side

DE_ESCALATING_TAGS = frozenset({"concession", "truce"})


@dataclass(frozen=True, slots=True)
class Turn:
    """One decision: the rules, the bot's view, the commands it may choose among, its dice."""

    rules: Ruleset
    side: Side
    view: View
    legal: list[Command]
    rng: Rng

    def of_type(self, *types: str) -> list[Command]:
        """Return the legal commands of the given `type` tags, in order."""
        return [command for command in self.legal if command.type in types]

    def plays(self, escalating: bool | None = None) -> list[PlayCards]:
        """Return the legal face-up plays; with `escalating`, only those that do (or don't)."""
        found = [c for c in self.legal if isinstance(c, PlayCards)]
        if escalating is None:
            return found
        return [c for c in found if self.escalates(c) == escalating]

    def escalates(self, command: PlayCards) -> bool:
        return all(
            not DE_ESCALATING_TAGS.intersection(self.rules.cards[card].tags)
            for card in command.cards
        )


class Bot(Protocol):
    """A policy. `observe` sees the events the seat may see; `choose` picks a legal command."""

    name: str

    def observe(self, events: list[Event]) -> None: ...

    def choose(self, turn: Turn) -> Command: ...


class Quiet:
    """A bot base that ignores what it observes."""

    name = "quiet"

    def observe(self, events: list[Event]) -> None:
        return None
