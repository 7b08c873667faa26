"""The rule-file format: strict pydantic models for one YAML file.

A rule file is either a *library* (cards, news, deal terms, variables shared between
scenarios) or a *scenario* (it has a `scenario:` section and usually `extends:` libraries).
The loader merges a scenario with what it extends into one `RuleFile` and checks that
every id it references exists. See rules/README.md for the format with a worked example.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    model_serializer,
    model_validator,
)

from server.ruleset.plain import PlainReads

Side = Literal["washington", "beijing"]
SIDES: tuple[Side, Side] = ("washington", "beijing")
Scope = Literal["public", "washington", "beijing"]
PhaseKind = Literal["news", "betting", "talks", "resolution"]
ActionKind = Literal["play", "bluff", "call", "check", "fold", "call_bluff", "talks"]
ALL_ACTIONS: tuple[ActionKind, ...] = (
    "play",
    "bluff",
    "call",
    "check",
    "fold",
    "call_bluff",
    "talks",
)

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Expr = Annotated[str, Field(min_length=1, max_length=500)]
# Numbers and truth values are strict: YAML's `true` is not the number 1, nor `2.0` the number 2,
# nor `1` a truth value (pydantic would otherwise convert them silently).
Amount = StrictInt | Expr  # a constant or an expression over the game's variables


class Strict(PlainReads, BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Strict):
    """A text in English and traditional Chinese."""

    en: Annotated[str, Field(min_length=1)]
    zh: Annotated[str, Field(min_length=1)]


class Effect(Strict):
    """One step that changes variables: `set` first, then `add`, each clamped to bounds."""

    when: Expr | None = None
    set: dict[str, Amount] = {}
    add: dict[str, Amount] = {}
    extend_deals: Amount | None = None

    @model_validator(mode="after")
    def _does_something(self) -> Effect:
        if not self.set and not self.add and self.extend_deals is None:
            raise ValueError("an effect needs at least one of set, add, extend_deals")
        return self


class RoleSpec(Strict):
    id: Id
    name: Text
    final_say: StrictBool = False
    actions: list[ActionKind] = list(ALL_ACTIONS)


class SideSpec(Strict):
    name: Text
    roles: list[RoleSpec] = []
    capital: str | None = None
    must_fold: Expr | None = None
    fold_effects: list[Effect] = []
    breach_effects: list[Effect] = []


class VariableSpec(Strict):
    name: Text
    scope: Scope = "public"
    kind: Literal["number", "percent", "flag", "weeks", "index"] = "number"
    min: StrictInt = 0
    max: StrictInt = 100
    initial: StrictInt = 0
    internal: StrictBool = False
    """Bookkeeping the rules keep for themselves (who raised first this hand, a blame
    constant): the engine and the event log keep it, but no view shows it to a person."""

    @model_serializer(mode="wrap")
    def _without_default_internal(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Left out unless set: rules stored before the field existed keep their JSON and hash.
        data = handler(self)
        if isinstance(data, dict) and not self.internal:
            data.pop("internal", None)
        return data

    @model_validator(mode="after")
    def _initial_within_bounds(self) -> VariableSpec:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        if not self.min <= self.initial <= self.max:
            raise ValueError(f"initial {self.initial} is outside [{self.min}, {self.max}]")
        return self


class Lasting(Strict):
    """Effects applied at every resolution while the card stays in force (0 rounds = for good)."""

    rounds: Annotated[StrictInt, Field(ge=0, le=50)] = 0
    effects: list[Effect]


class BluffSpec(Strict):
    """How a card played face down is judged when it is shown."""

    means: Expr = "True"
    exposed: list[Effect] = []
    vindicated: list[Effect] = []


class CardSpec(Strict):
    id: Id
    side: Side
    name: Text
    text: Text
    roles: list[Id] = []
    tags: list[Id] = []
    cost: Annotated[StrictInt, Field(ge=0, le=100)] = 0
    stake: Annotated[StrictInt, Field(ge=0, le=10)] = 1
    requires: Expr | None = None
    effects: list[Effect] = []
    lasting: Lasting | None = None
    bluff: BluffSpec | None = None


class NewsSpec(Strict):
    id: Id
    name: Text
    text: Text
    effects: list[Effect] = []


class InstructorNewsSpec(Strict):
    """An effect an instructor may give a custom news item (an injected event): its bilingual
    name, what it does in a sentence (optional), and its effects."""

    id: Id
    name: Text
    text: Text | None = None
    effects: Annotated[list[Effect], Field(min_length=1)]


class ParamSpec(Strict):
    name: Text
    min: StrictInt = 0
    max: StrictInt = 100
    default: StrictInt = 0

    @model_validator(mode="after")
    def _default_within_bounds(self) -> ParamSpec:
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is outside [{self.min}, {self.max}]")
        return self


class TermSpec(Strict):
    id: Id
    name: Text
    text: Text
    params: dict[Id, ParamSpec] = {}
    requires: Expr | None = None
    on_accept: list[Effect] = []
    each_round: list[Effect] = []
    on_end: list[Effect] = []
    forbids: dict[Side, list[Id]] = {}


class PhaseSpec(Strict):
    id: Id
    kind: PhaseKind
    name: Text
    opener: Side | Literal["alternate"] = "washington"
    mode: Literal["alternating", "simultaneous"] = "alternating"
    timeout_action: Literal["check", "call", "fold", "pass"] = "check"
    seconds: Annotated[StrictInt, Field(ge=5, le=3600)] = 90
    max_raises: Annotated[StrictInt, Field(ge=1, le=10)] = 3
    cards_per_turn: Annotated[StrictInt, Field(ge=1, le=6)] = 1
    max_proposals: Annotated[StrictInt, Field(ge=0, le=20)] = 4
    first_round: Annotated[StrictInt, Field(ge=1)] = 1
    last_round: Annotated[StrictInt, Field(ge=1)] | None = None


class EndCondition(Strict):
    when: Expr = "True"
    outcome: Id


class OutcomeSpec(Strict):
    id: Id
    name: Text
    text: Text


class ObjectiveSpec(Strict):
    id: Id
    side: Side
    name: Text
    text: Text
    when: Expr
    points: StrictInt


class Decks(Strict):
    washington: list[Id]
    beijing: list[Id]


MAX_ROUNDS = 30
"""The most hands a game may have (and so the longest deal a proposal may ask for:
model.MAX_DEAL_ROUNDS, engine/commands.py)."""


class ScenarioInfo(Strict):
    id: Id
    name: Text
    text: Text
    rounds: Annotated[StrictInt, Field(ge=1, le=MAX_ROUNDS)]
    hand_size: Annotated[StrictInt, Field(ge=1, le=15)] = 5
    draw_per_round: Annotated[StrictInt, Field(ge=0, le=10)] = 2
    base_stake: Annotated[StrictInt, Field(ge=0, le=10)] = 1
    deal_rounds: tuple[Annotated[StrictInt, Field(ge=1)], Annotated[StrictInt, Field(ge=1)]] = (
        1,
        6,
    )
    decks: Decks
    news_deck: list[Id] = []
    scripted_news: dict[Annotated[int, Field(ge=1)], Id] = {}
    deal_terms: list[Id] | None = None
    phases: list[PhaseSpec]
    end_early: list[EndCondition] = []
    end_final: list[EndCondition]
    scoring: dict[Side, Expr]


class RuleFile(Strict):
    """One rule file as written, or a scenario merged with everything it extends."""

    extends: list[str] = []
    scenario: ScenarioInfo | None = None
    sides: dict[Side, SideSpec] = {}
    variables: dict[Id, VariableSpec] = {}
    cards: list[CardSpec] = []
    news: list[NewsSpec] = []
    instructor_news: list[InstructorNewsSpec] = []
    deal_terms: list[TermSpec] = []
    resolution: list[Effect] = []
    outcomes: list[OutcomeSpec] = []
    objectives: list[ObjectiveSpec] = []
