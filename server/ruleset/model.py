"""A checked scenario ready to play: the merged spec with lookups and parsed expressions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

from server.ruleset.expr import (
    Evaluator,
    Expression,
    ExpressionError,
    check_arguments,
    check_divisors,
    check_overflow,
    parse,
)
from server.ruleset.schema import (
    MAX_ROUNDS,
    CardSpec,
    Effect,
    InstructorNewsSpec,
    NewsSpec,
    ObjectiveSpec,
    OutcomeSpec,
    PhaseSpec,
    RuleFile,
    ScenarioInfo,
    Side,
    TermSpec,
    VariableSpec,
)

COUNTERS = (
    "folds_washington",
    "folds_beijing",
    "wins_washington",
    "wins_beijing",
    "breaches_washington",
    "breaches_beijing",
    "deals_struck",
)
"""What the engine counts during a game; expressions may read each by name."""
LATER_SECTIONS = ("instructor_news",)
"""Sections of the rule format newer than its first recorded games (see `Ruleset.to_json`)."""
UNMARKED_INTERNAL = ("us_raised", "cn_raised", "aggressor", "first_raise_blame", "aggressor_blame")
"""The bookkeeping variables of rules/base/core.yaml, as rules stored before `internal` existed
name them (client/web/text.js `UNMARKED_INTERNAL` says the same)."""
MAX_DEAL_ROUNDS = MAX_ROUNDS
"""The longest deal a proposal may ask for, in hands (as many as a game may have): `brink rules
check` refuses a `deal_rounds` past it (checks.py)."""
BUILTIN_NAMES = frozenset({"round", "rounds", "stake", "deals_in_force", *COUNTERS})
BUILTIN_LARGEST = 1e6
"""Larger than any name the engine gives itself can be (hands at most 30, a stake some 1,200)."""


def name_ranges(variables: Mapping[str, VariableSpec]) -> dict[str, float]:
    """Return how large each name can be, either way (for expr.check_overflow)."""
    ranges: dict[str, float] = dict.fromkeys(BUILTIN_NAMES, BUILTIN_LARGEST)
    for name, variable in variables.items():
        ranges[name] = float(max(abs(variable.min), abs(variable.max)))
    return ranges


class UnplayableRules(ValueError):
    """Rules stored with a game (a room's, kept in Redis) that the engine cannot play on, kept
    from before `brink rules check` refused them: the message names the field and why."""


def unplayable(spec: RuleFile) -> str | None:
    """Return why the engine cannot play a game under these rules (None if it can): a
    shortest deal past MAX_DEAL_ROUNDS hands, which no proposal may ask for (the talks' moves
    could not be listed, nor a bot's chosen)."""
    scenario = spec.scenario
    if scenario is not None and scenario.deal_rounds[0] > MAX_DEAL_ROUNDS:
        return (
            f"scenario.deal_rounds: the shortest deal is {scenario.deal_rounds[0]} hands, but a "
            f"deal runs at most {MAX_DEAL_ROUNDS} (rules from before `brink rules check` "
            "refused it): the talks could not be played"
        )
    return None


class Ruleset:
    """The rules of one scenario. Immutable; build it with `load_ruleset` or `from_json`."""

    def __init__(self, spec: RuleFile) -> None:
        if spec.scenario is None:
            raise ValueError("a ruleset needs a scenario")
        self.spec = spec
        self.scenario: ScenarioInfo = spec.scenario
        self.cards: dict[str, CardSpec] = {card.id: card for card in spec.cards}
        self.news: dict[str, NewsSpec] = {item.id: item for item in spec.news}
        self.instructor_news: dict[str, InstructorNewsSpec] = {
            item.id: item for item in spec.instructor_news
        }
        self.outcomes: dict[str, OutcomeSpec] = {item.id: item for item in spec.outcomes}
        self.objectives: dict[str, ObjectiveSpec] = {item.id: item for item in spec.objectives}
        allowed = self.scenario.deal_terms
        self.terms: dict[str, TermSpec] = {
            term.id: term for term in spec.deal_terms if allowed is None or term.id in allowed
        }
        self.phases: list[PhaseSpec] = list(self.scenario.phases)
        self.evaluator = Evaluator()
        self.parsed: dict[str, Expression] = {}
        """Each expression parsed so far, by its source (`expression`): the compiled engine
        looks here first (engine/step.py), without a call into this uncompiled class."""

    @classmethod
    def from_json(cls, text: str, *, to_play: bool = True) -> Ruleset:
        """Return the ruleset stored with a game (see `to_json`). `to_play`: refuse rules the
        engine cannot play on (`unplayable`) with UnplayableRules; a record read to be
        replayed (its moves re-applied, not listed) is read without it."""
        rules = cls(RuleFile.model_validate_json(text))
        if to_play and (problem := rules.unplayable) is not None:
            raise UnplayableRules(problem)
        return rules

    @cached_property
    def unplayable(self) -> str | None:
        """Why the engine cannot play a game under these rules, or None (`unplayable`)."""
        return unplayable(self.spec)

    def to_json(self) -> str:
        """Return the merged rules as canonical JSON, stored with every game for replay.

        A section added to the format after games were recorded is left out while it is empty,
        so the rules of those games keep their hash (and their records still read)."""
        return self._json

    @cached_property
    def _json(self) -> str:
        # Worked out once: every room created, and every finished game's record, carries it.
        empty = {name for name in LATER_SECTIONS if not getattr(self.spec, name)}
        return self.spec.model_dump_json(exclude_defaults=False, exclude=empty or None)

    @cached_property
    def json_bytes(self) -> bytes:
        """`to_json` in UTF-8 (each finished game's file carries it: encoded once)."""
        return self._json.encode()

    @cached_property
    def data(self) -> dict[str, Any]:
        """`to_json` parsed (shared: never modify it)."""
        found: dict[str, Any] = json.loads(self._json)
        return found

    @cached_property
    def hash(self) -> str:
        """Return a short digest that identifies these exact rules."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:16]

    @cached_property
    def fragile(self) -> frozenset[str]:
        """Return the ids of the cards whose effects may fail in play: an expression that
        divides by what may be 0, may overflow or calls a function wrongly, which `rules
        check` refuses but rules stored with a game before it did may hold (the options try
        them: betting.may_play)."""
        ranges = name_ranges(self.spec.variables)

        def fails(effects: list[Effect]) -> bool:
            for effect in effects:
                amounts = [effect.when, effect.extend_deals, *effect.set.values()]
                for amount in [*amounts, *effect.add.values()]:
                    if not isinstance(amount, str):
                        continue
                    try:
                        check_arguments(self.expression(amount))
                        check_divisors(self.expression(amount))
                        check_overflow(self.expression(amount), ranges)
                    except ExpressionError:
                        return True
            return False

        return frozenset(card.id for card in self.spec.cards if fails(card.effects))

    @cached_property
    def internal(self) -> frozenset[str]:
        """Return the variables kept for the rules' own bookkeeping (`internal: true`), which no
        view shows a person. Rules stored before the field existed mark none: theirs are the
        shipped library's bookkeeping variables (`UNMARKED_INTERNAL`) they define."""
        marked = frozenset(name for name, spec in self.spec.variables.items() if spec.internal)
        return marked or frozenset(UNMARKED_INTERNAL) & self.spec.variables.keys()

    @cached_property
    def scopes(self) -> dict[str, str]:
        """Return each variable's scope: `public`, `washington` or `beijing`."""
        return {name: spec.scope for name, spec in self.spec.variables.items()}

    @cached_property
    def scoped(self) -> dict[str, tuple[str, ...]]:
        """Return the variables of each scope (`public`, `washington`, `beijing`), in order."""
        found: dict[str, tuple[str, ...]] = {}
        for name, scope in self.scopes.items():
            found[scope] = (*found.get(scope, ()), name)
        return found

    @property
    def id(self) -> str:
        return self.scenario.id

    def unknown_phases(self, ids: Iterable[str]) -> list[str]:
        """Return those of `ids` that name no phase of these rules, sorted (a room's or a
        class's `seconds` may only name its phases)."""
        known = {phase.id for phase in self.phases}
        return sorted(set(ids) - known)

    def expression(self, source: str | int) -> Expression:
        """Return the parsed expression for `source` (parsed once, then cached)."""
        text = str(source)
        found = self.parsed.get(text)
        if found is None:
            found = self.parsed[text] = parse(text)
        return found

    def value(self, source: str | int, names: dict[str, int]) -> int:
        """Return the value of an amount: a constant, or an expression over `names`."""
        if isinstance(source, int):
            return source
        return self.evaluator.value(self.expression(source), names)

    def holds(self, source: str | None, names: dict[str, int]) -> bool:
        """Return whether a condition holds; a missing condition always does."""
        if source is None:
            return True
        return self.evaluator.holds(self.expression(source), names)

    def side_objectives(self, side: Side) -> list[str]:
        """Return the ids of the secret objectives that may be dealt to `side`."""
        return [item.id for item in self.spec.objectives if item.side == side]
