"""What a bot is: a policy that sees only its seat's view and the events that seat may see."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Protocol

from server.engine.commands import (
    Call,
    Check,
    Command,
    Fold,
    PassTalks,
    PlayCards,
    Seat,
    WithdrawDeal,
)
from server.engine.decide import refusal
from server.engine.events import Event
from server.engine.legal import candidates
from server.engine.rng import Rng
from server.engine.state import GameState
from server.engine.views import View, view
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side

DE_ESCALATING_TAGS = frozenset({"concession", "truce"})
SAFE = (PassTalks(), Check(), Call(), Fold())
"""What a bot that cannot decide plays: the first of these that is legal."""

log = logging.getLogger("brink.bots")


class Turn:
    """One decision: the rules, the bot's view, the commands it may try, its dice.

    `options` are the candidate commands (from the bot's own hand and the public table);
    `allowed` says whether the engine would accept one. Legality is checked lazily, so a bot
    that knows what it prefers asks only about the few commands it would pick.
    """

    def __init__(
        self,
        rules: Ruleset,
        side: Side,
        view: Callable[[], View],
        options: list[Command],
        allowed: Callable[[Command], bool],
        rng: Rng,
    ) -> None:
        self.rules = rules
        self.side = side
        self._view_of = view
        self._view: View | None = None
        self.options = options
        self.allowed = allowed
        self.rng = rng
        self._legal: list[Command] | None = None

    @classmethod
    def at(cls, rules: Ruleset, state: GameState, side: Side, rng: Rng) -> Turn:
        """Return `side`'s decision in `state`: its own view, its candidates, the engine's
        verdict on each (what every driver of a bot — a match, the server — hands it)."""
        seat = Seat(side=side)
        return cls(
            rules,
            side,
            lambda: view(rules, state, side),
            candidates(rules, state, seat),
            lambda command: refusal(rules, state, seat, command) is None,
            rng,
        )

    @property
    def view(self) -> View:
        """Return the bot's view of the game (built on first use)."""
        if self._view is None:
            self._view = self._view_of()
        return self._view

    @property
    def legal(self) -> list[Command]:
        """Return every legal option (checks each one: use `first` where order is known)."""
        if self._legal is None:
            self._legal = [command for command in self.options if self.allowed(command)]
        return self._legal

    def first(self, preferred: Iterable[Command]) -> Command:
        """Return the first legal command of `preferred`, else the first legal option."""
        for command in preferred:
            if self.allowed(command):
                return command
        return self.legal[0]

    def any_legal(self) -> Command:
        """Return a legal option chosen uniformly at random (drawing lazily, without a full
        shuffle: the first legal command of a random permutation is uniform among the legal)."""
        pool = list(self.options)
        for last in range(len(pool) - 1, -1, -1):
            pick = self.rng.below(last + 1)
            pool[pick], pool[last] = pool[last], pool[pick]
            if self.allowed(pool[last]):
                return pool[last]
        raise RuntimeError("no legal command")

    def of_type(self, *types: str) -> list[Command]:
        """Return the options (not yet checked) whose `type` is one of `types`."""
        return [command for command in self.options if command.type in types]

    def plays(self, escalating: bool | None = None) -> list[PlayCards]:
        """Return the face-up play options; with `escalating`, only those that do (or don't)."""
        found = [c for c in self.options if isinstance(c, PlayCards)]
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
    observes: bool

    def observe(self, events: list[Event]) -> None: ...

    def choose(self, turn: Turn) -> Command: ...


class Quiet:
    """A bot base that ignores what it observes (so nobody needs to show it anything)."""

    name = "quiet"
    observes = False

    def observe(self, events: list[Event]) -> None:
        return None


def decide(bot: Bot, turn: Turn) -> Command:
    """Return what `bot` chooses — or, if its own reckoning fails (a bot that forecasts works
    out the rules' expressions itself, and rules stored with an older game may hold one that
    fails in play: a division by zero, an overflow), the first legal of pass, check, call and
    fold, so that a room whose bot cannot think is not left waiting for it."""
    try:
        return bot.choose(turn)
    except Exception as error:  # the bot's own reckoning: whatever it raised, it plays safe
        log.warning(
            "bot %s could not decide (%s: %s): playing safe", bot.name, type(error).__name__, error
        )
        return turn.first(SAFE)


def before_people(command: Command, turn: Turn) -> Command:
    """Return `command`, or pass instead of it if it takes back the bot's own proposal while
    the bot may pass: a person gets to answer the bot's offer (a searching bot would take it
    back on its very next decision, before anyone could read it — and in a scenario with one
    proposal a hand that left the person none). For bots that play people: the server's and
    `brink bot`; the benches' games stay as they were."""
    if isinstance(command, WithdrawDeal) and turn.allowed(PassTalks()):
        return PassTalks()
    return command
