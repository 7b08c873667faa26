"""The state of one game: plain, frozen data built only by `evolve` from the event log."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from server.engine import progress
from server.engine.commands import SimultaneousAction, TermChoice
from server.ruleset.model import COUNTERS
from server.ruleset.plain import PlainReads
from server.ruleset.schema import SIDES, Side


class _State(PlainReads, BaseModel):
    """A part of the state. Its mutable defaults are made by factories: pydantic deep-copies a
    default dict for every model made without it (~3 µs each, a Betting every phase)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def other(side: Side) -> Side:
    """Return the opposing side."""
    return "beijing" if side == "washington" else "washington"


class FaceDown(_State):
    slot: int
    side: Side
    card: str


class Betting(_State):
    stake: int
    to_act: Side | None = None
    facing: bool = False
    bluff_slot: int | None = None
    raises: dict[Side, int] = Field(default_factory=dict)
    checks: int = 0
    face_down: tuple[FaceDown, ...] = ()
    pending: dict[Side, SimultaneousAction] = Field(default_factory=dict)
    closed: bool = False


class Proposal(_State):
    id: int
    side: Side
    terms: tuple[TermChoice, ...]
    rounds: int


class Talks(_State):
    proposal: Proposal | None = None
    proposals: int = 0
    passed: frozenset[Side] = frozenset()
    closed: bool = False


class Deal(_State):
    id: int
    proposed_by: Side
    terms: tuple[TermChoice, ...]
    expires_after: int


class Lasting(_State):
    side: Side
    card: str
    remaining: int | None


class Hand(_State):
    cards: tuple[str, ...] = ()
    deck: tuple[str, ...] = ()
    objective: str | None = None


class GameState(_State):
    """Everything about a game. Views (see views.py) decide what each viewer may see of it."""

    rules: str
    rules_hash: str
    rounds: int
    seed: int | None = None
    round: int = 0
    phase: str = ""
    phase_index: int = -1
    turn: int = 0
    to_act: Side | None = None
    vars: dict[str, int]
    counters: dict[str, int]
    hands: dict[Side, Hand] = Field(default_factory=lambda: {side: Hand() for side in SIDES})
    news_deck: tuple[str, ...] = ()
    news: str | None = None
    betting: Betting | None = None
    talks: Talks | None = None
    deals: tuple[Deal, ...] = ()
    lasting: tuple[Lasting, ...] = ()
    next_id: int = 1
    seq: int = 0
    outcome: str | None = None
    scores: dict[Side, int] = Field(default_factory=dict)
    objectives_met: dict[Side, bool] = Field(default_factory=dict)

    @property
    def started(self) -> bool:
        return progress.started(self)

    @property
    def finished(self) -> bool:
        return progress.finished(self)


__all__ = ["COUNTERS", "GameState"]
