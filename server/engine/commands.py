"""Commands: what a seat asks the engine to do. Imperative names, a literal `type` tag each."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from server.ruleset.plain import PlainReads
from server.ruleset.schema import MAX_ROUNDS, Side


class _Command(PlainReads, BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Seat(_Command):
    """Who acts: a side (optionally one role of a team), the server itself (`system`), or the
    room's instructor (`instructor`: news events, ending the game)."""

    side: Side | Literal["system", "instructor"]
    role: str | None = None


SYSTEM = Seat(side="system")
INSTRUCTOR = Seat(side="instructor")


class StartGame(_Command):
    """Start the game. `decks` stacks the decks (a permutation of each side's deck, top first),
    as for the historical line or to replay a class's game with the same cards."""

    type: Literal["start"] = "start"
    seed: Annotated[int, Field(ge=0, lt=2**63)]
    decks: dict[Side, list[str]] | None = None


class PlayCards(_Command):
    """Raise: play one or more cards face up."""

    type: Literal["play"] = "play"
    cards: Annotated[list[str], Field(min_length=1, max_length=6)]


class Bluff(_Command):
    """Raise with one card face down: a threat the other side may call."""

    type: Literal["bluff"] = "bluff"
    card: str


class Check(_Command):
    type: Literal["check"] = "check"


class Call(_Command):
    type: Literal["call"] = "call"


class CallBluff(_Command):
    type: Literal["call_bluff"] = "call_bluff"


class Fold(_Command):
    type: Literal["fold"] = "fold"


class TermChoice(_Command):
    """One term of a proposed deal, with its parameters (missing ones take their default)."""

    term: str
    params: dict[str, int] = {}


Terms = Annotated[list[TermChoice], Field(min_length=1, max_length=8)]


class ProposeDeal(_Command):
    type: Literal["propose"] = "propose"
    terms: Terms
    rounds: Annotated[int, Field(ge=1, le=MAX_ROUNDS)]


class CounterDeal(_Command):
    type: Literal["counter"] = "counter"
    proposal: int
    terms: Terms
    rounds: Annotated[int, Field(ge=1, le=MAX_ROUNDS)]


class AcceptDeal(_Command):
    type: Literal["accept"] = "accept"
    proposal: int


class RejectDeal(_Command):
    type: Literal["reject"] = "reject"
    proposal: int


class WithdrawDeal(_Command):
    type: Literal["withdraw"] = "withdraw"
    proposal: int


class PassTalks(_Command):
    """Nothing more to say in this hand's talks."""

    type: Literal["pass"] = "pass"


class Timeout(_Command):
    """Stamped by the server when turn `turn`'s deadline passed: apply the default action."""

    type: Literal["timeout"] = "timeout"
    turn: int


class Abandon(_Command):
    """Stamped by the server when a room nobody plays in has waited long enough: the game ends
    as `abandoned`, scored as it stands."""

    type: Literal["abandon"] = "abandon"


class InjectNews(_Command):
    """The instructor's news event, applied at once: a card of the scenario's news deck
    (`news`), or custom `text` with `effects` chosen from the rules' `instructor_news`."""

    type: Literal["inject_news"] = "inject_news"
    news: str | None = None
    text: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    effects: Annotated[list[str], Field(max_length=5)] = []


class EndGame(_Command):
    """The instructor ends the game now: the `called` outcome (or, under rules without it,
    `abandoned`), scored as it stands."""

    type: Literal["end_game"] = "end_game"


Command = Annotated[
    StartGame
    | PlayCards
    | Bluff
    | Check
    | Call
    | CallBluff
    | Fold
    | ProposeDeal
    | CounterDeal
    | AcceptDeal
    | RejectDeal
    | WithdrawDeal
    | PassTalks
    | Timeout
    | Abandon
    | InjectNews
    | EndGame,
    Field(discriminator="type"),
]
COMMANDS: TypeAdapter[Command] = TypeAdapter(Command)
SimultaneousAction = Annotated[PlayCards | Bluff | Check | Fold, Field(discriminator="type")]
