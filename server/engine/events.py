"""Events: what happened, in the past tense. The log of events is the truth of a game.

Chance outcomes (shuffles, the objective each side is dealt) are written into events, so a game
is replayed by folding `evolve` over its log with no random generator at all.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from server.engine.commands import SimultaneousAction, TermChoice
from server.ruleset.plain import PlainReads
from server.ruleset.schema import PhaseKind, Side


class _Event(PlainReads, BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GameStarted(_Event):
    """The game began; `seed` (None for all but the instructor) would reveal every shuffle."""

    type: Literal["game_started"] = "game_started"
    rules: str
    rules_hash: str
    seed: int | None


class DecksShuffled(_Event):
    """The order of both decks and of the news deck (secret: instructor only)."""

    type: Literal["decks_shuffled"] = "decks_shuffled"
    decks: dict[Side, list[str]]
    news: list[str]


class ObjectivesDealt(_Event):
    type: Literal["objectives_dealt"] = "objectives_dealt"
    objectives: dict[Side, str | None]


class RoundStarted(_Event):
    type: Literal["round_started"] = "round_started"
    round: int


class CardsDrawn(_Event):
    """`side` drew `count` cards; `cards` is empty for viewers who may not see them."""

    type: Literal["cards_drawn"] = "cards_drawn"
    side: Side
    cards: list[str]
    count: int


class NewsDrawn(_Event):
    type: Literal["news_drawn"] = "news_drawn"
    news: str


class NewsInjected(_Event):
    """The instructor's news event: a card of the news deck (`news`, which is then not drawn
    later), or custom `text` with the ids of the rules' `instructor_news` it applies."""

    type: Literal["news_injected"] = "news_injected"
    news: str | None = None
    text: str | None = None
    effects: list[str] = []


class VariablesChanged(_Event):
    """New values of the variables that changed, and why (a card, news, deal or rule step)."""

    type: Literal["variables_changed"] = "variables_changed"
    cause: str
    values: dict[str, int]


class PhaseStarted(_Event):
    type: Literal["phase_started"] = "phase_started"
    phase: str
    kind: PhaseKind
    index: int
    stake: int = 0


class TurnStarted(_Event):
    """`side` is to act (None: both may act, as in talks or simultaneous betting)."""

    type: Literal["turn_started"] = "turn_started"
    side: Side | None
    turn: int


class CardPlayed(_Event):
    type: Literal["card_played"] = "card_played"
    side: Side
    card: str
    lasting: int | None = None


class CardPlayedFaceDown(_Event):
    """A card put down face down as a threat; `card` is None for viewers who may not see it."""

    type: Literal["card_played_face_down"] = "card_played_face_down"
    side: Side
    slot: int
    card: str | None


class StakeRaised(_Event):
    type: Literal["stake_raised"] = "stake_raised"
    side: Side
    stake: int
    face_down_slot: int | None = None


class ActionSubmitted(_Event):
    """Simultaneous betting: `side` has chosen (`action` None for viewers who may not see it)."""

    type: Literal["action_submitted"] = "action_submitted"
    side: Side
    action: SimultaneousAction | None


class Checked(_Event):
    type: Literal["checked"] = "checked"
    side: Side


class Called(_Event):
    type: Literal["called"] = "called"
    side: Side


class BluffCalled(_Event):
    type: Literal["bluff_called"] = "bluff_called"
    side: Side
    slot: int


class CardRevealed(_Event):
    type: Literal["card_revealed"] = "card_revealed"
    side: Side
    slot: int
    card: str
    backed: bool
    lasting: int | None = None


class Folded(_Event):
    type: Literal["folded"] = "folded"
    side: Side
    forced: bool = False


HowWon = Literal["fold", "bluff_caught", "bluff_backed"]


class HandWon(_Event):
    type: Literal["hand_won"] = "hand_won"
    side: Side
    stake: int
    how: HowWon


class BettingClosed(_Event):
    type: Literal["betting_closed"] = "betting_closed"


class DealProposed(_Event):
    type: Literal["deal_proposed"] = "deal_proposed"
    proposal: int
    side: Side
    terms: list[TermChoice]
    rounds: int
    counters: int | None = None


class DealRejected(_Event):
    type: Literal["deal_rejected"] = "deal_rejected"
    proposal: int
    side: Side


class DealWithdrawn(_Event):
    type: Literal["deal_withdrawn"] = "deal_withdrawn"
    proposal: int
    side: Side


class DealLapsed(_Event):
    type: Literal["deal_lapsed"] = "deal_lapsed"
    proposal: int


class DealStruck(_Event):
    type: Literal["deal_struck"] = "deal_struck"
    deal: int
    proposed_by: Side
    terms: list[TermChoice]
    expires_after: int


class DealBroken(_Event):
    type: Literal["deal_broken"] = "deal_broken"
    deal: int
    side: Side
    card: str


class DealsExtended(_Event):
    type: Literal["deals_extended"] = "deals_extended"
    rounds: int


class DealExpired(_Event):
    type: Literal["deal_expired"] = "deal_expired"
    deal: int


class TalksPassed(_Event):
    type: Literal["talks_passed"] = "talks_passed"
    side: Side


class TalksClosed(_Event):
    type: Literal["talks_closed"] = "talks_closed"


class TimedOut(_Event):
    type: Literal["timed_out"] = "timed_out"
    turn: int
    sides: list[Side]


class LastingEffectEnded(_Event):
    type: Literal["lasting_effect_ended"] = "lasting_effect_ended"
    side: Side
    card: str


class RoundResolved(_Event):
    type: Literal["round_resolved"] = "round_resolved"
    round: int


class GameEnded(_Event):
    type: Literal["game_ended"] = "game_ended"
    outcome: str
    scores: dict[Side, int]
    objectives_met: dict[Side, bool]


Event = Annotated[
    GameStarted
    | DecksShuffled
    | ObjectivesDealt
    | RoundStarted
    | CardsDrawn
    | NewsDrawn
    | NewsInjected
    | VariablesChanged
    | PhaseStarted
    | TurnStarted
    | CardPlayed
    | CardPlayedFaceDown
    | StakeRaised
    | ActionSubmitted
    | Checked
    | Called
    | BluffCalled
    | CardRevealed
    | Folded
    | HandWon
    | BettingClosed
    | DealProposed
    | DealRejected
    | DealWithdrawn
    | DealLapsed
    | DealStruck
    | DealBroken
    | DealsExtended
    | DealExpired
    | TalksPassed
    | TalksClosed
    | TimedOut
    | LastingEffectEnded
    | RoundResolved
    | GameEnded,
    Field(discriminator="type"),
]
EVENTS: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_LIST: TypeAdapter[list[Event]] = TypeAdapter(list[Event])
