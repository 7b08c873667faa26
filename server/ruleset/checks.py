"""Cross-checks of merged rules: ids, references, expressions, reachable phases.

A scenario gets every check. A library checked on its own gets those that hold whatever scenario
extends it: duplicate ids, expressions that do not parse or use what the language refuses, and
roles of the sides it defines. Its names (in expressions, effects and `capital`) are checked only
if it, with what it extends, defines variables at all: a library of cards that builds on the
variables of a sibling library cannot see them, and the scenario that extends both checks them.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Mapping
from typing import Protocol

from server.ruleset.blank import blank_texts
from server.ruleset.expr import (
    ExpressionError,
    check_arguments,
    check_divisors,
    check_overflow,
    largest,
    parse,
)
from server.ruleset.hints import name_hints, with_hints
from server.ruleset.model import BUILTIN_NAMES, MAX_DEAL_ROUNDS, name_ranges
from server.ruleset.schema import SIDES, Effect, RuleFile
from server.ruleset.source import PathKey, RuleError

MAX_SCORE = 2**63 - 1
"""The largest score (either way) a game keeps: its state is stored as JSON of 64-bit numbers."""
MAX_EXTENSION = 1_000_000
"""The most hands `extend_deals` may push a deal's end (a game has at most 30)."""


class ErrorAt(Protocol):
    """Place a problem at a merged path; `named`: the message starts with the field's path as
    it is in the file the line points into (`cards[0].requires: …`)."""

    def __call__(self, where: PathKey, message: str, *, named: bool = False) -> RuleError: ...


class _Checker:
    """The problems found so far, and what to check: a scenario, or a library on its own."""

    def __init__(self, spec: RuleFile, error_at: ErrorAt, *, scenario: bool) -> None:
        self.spec = spec
        self.error_at = error_at
        self.errors: list[RuleError] = []
        self.names = frozenset(spec.variables) | BUILTIN_NAMES
        self.scenario = scenario
        self.check_names = scenario or bool(spec.variables)
        self.ranges = name_ranges(spec.variables)  # how large each name can be

    def fail(self, where: PathKey, message: str, *, named: bool = False) -> None:
        """Note a problem at the merged path `where` (`named`: say that path first)."""
        self.errors.append(self.error_at(where, message, named=named))

    def expr(
        self,
        where: PathKey,
        source: str | int | None,
        extra: Iterable[str] = (),
        told_to: str | None = None,
    ) -> None:
        """Note the problem of an expression (or amount): unparsable, or naming an unknown name;
        with `told_to` (a side, or `both`), a condition whose answer that player is told before
        it is played (a card's or a deal term's `requires`: the options and refusals say whether
        it holds) that reads a variable hidden from them."""
        if source is None or isinstance(source, int):
            return
        try:
            parsed = parse(source)
            check_arguments(parsed)
            check_divisors(parsed)
            check_overflow(parsed, self.ranges)
        except ExpressionError as error:
            self.fail(where, str(error), named=True)
            return
        unknown = sorted(parsed.names - self.names - set(extra))
        if unknown and self.check_names:
            message = f"expression {source!r} names unknown variable {unknown[0]!r}"
            self.fail(where, with_hints(message, name_hints(unknown[0])), named=True)
        if told_to is not None and self.check_names:
            self._hidden(where, source, parsed.names, told_to)

    def _hidden(self, where: PathKey, source: str, names: Iterable[str], reader: str) -> None:
        for name in sorted(names):
            variable = self.spec.variables.get(name)
            if variable is None or variable.scope in ("public", reader):
                continue
            told = "both sides" if reader == "both" else reader
            message = (
                f"expression {source!r} reads {name!r}, which only {variable.scope} sees:"
                f" whether it holds is told to {told}, so it would give {name!r} away"
            )
            self.fail(where, message, named=True)
            return

    def effects(
        self, where: PathKey, effects: list[Effect], extra: Mapping[str, float] | None = None
    ) -> None:
        """Note the problems of effects: their expressions and the variables they change;
        `extra`: a deal term's parameters, and how large each can be."""
        extra = extra or {}
        ranges = {**self.ranges, **extra}
        for index, effect in enumerate(effects):
            at = (*where, index)
            self.expr((*at, "when"), effect.when, extra)
            self.expr((*at, "extend_deals"), effect.extend_deals, extra)
            length = effect.extend_deals
            self.bounded((*at, "extend_deals"), length, MAX_EXTENSION, "hands", ranges=ranges)
            for verb in ("set", "add"):
                for target, amount in getattr(effect, verb).items():
                    if self.check_names and target not in self.spec.variables:
                        self.fail((*at, verb, target), f"unknown variable {target!r}", named=True)
                    self.expr((*at, verb, target), amount, extra)

    def bounded(
        self,
        where: PathKey,
        source: str | int | None,
        most: int,
        what: str,
        more: int = 0,
        ranges: Mapping[str, float] | None = None,
    ) -> None:
        """Note an amount (plus `more`) that can grow past `most` either way, given how large
        each name can be: its value is kept unclamped (a score, a deal's end)."""
        if source is None or not self.check_names:
            return
        try:
            parsed = None if isinstance(source, int) else parse(source)
        except ExpressionError:
            return  # told by `expr`
        ranges = ranges or self.ranges
        if parsed is None:
            reach = float(abs(int(source)))
        elif parsed.names <= ranges.keys():
            reach = largest(parsed, ranges)
        else:
            return  # an unknown name, told by `expr`
        if reach + more > most:
            added = f" (an objective adds up to {more})" if more else ""
            message = (
                f"{source!r} can reach {reach:.3g}{added}, past the {most:,} {what} a game"
                " can keep: use smaller numbers (or narrower variables)"
            )
            self.fail(where, message, named=True)

    def unique(self, section: str, ids: list[str], what: str) -> None:
        """Note every id of `section` that an earlier entry already has."""
        first: dict[str, int] = {}
        for index, item in enumerate(ids):
            if item in first:
                told = f"duplicate {what} id {item!r}"
                was = self.error_at((section, first[item], "id"), "")  # the first: its place
                now = self.error_at((section, index, "id"), "")
                if (was.file, was.line) != (now.file, now.line):  # not stored rules (no lines)
                    told += f" (first at {was.file}:{was.line})"
                self.fail((section, index, "id"), told, named=True)
            first.setdefault(item, index)


def cross_check(spec: RuleFile, error_at: ErrorAt) -> list[RuleError]:
    """Return every problem found across the merged files of a scenario."""
    check = _Checker(spec, error_at, scenario=True)
    for step in (
        _texts,
        _ids,
        _variables,
        _sides,
        _cards,
        _news_and_terms,
        _decks,
        _scenario,
        _phases,
        _endings,
    ):
        step(check)
    return check.errors


def check_library(spec: RuleFile, error_at: ErrorAt) -> list[RuleError]:
    """Return the problems of a library (merged with what it extends) that no scenario can fix."""
    check = _Checker(spec, error_at, scenario=False)
    for step in (_texts, _ids, _variables, _sides, _cards, _news_and_terms):
        step(check)
    return check.errors


def _texts(check: _Checker) -> None:
    for where in blank_texts(check.spec):
        check.fail(where, "the text is only spaces: a player would read nothing", named=True)


def _ids(check: _Checker) -> None:
    spec = check.spec
    check.unique("cards", [c.id for c in spec.cards], "card")
    check.unique("news", [n.id for n in spec.news], "news")
    check.unique("instructor_news", [n.id for n in spec.instructor_news], "instructor news")
    check.unique("deal_terms", [t.id for t in spec.deal_terms], "deal term")
    check.unique("outcomes", [o.id for o in spec.outcomes], "outcome")
    check.unique("objectives", [o.id for o in spec.objectives], "objective")


def _variables(check: _Checker) -> None:
    """A variable has a name an expression can read (not a word of the language, nor a name
    the game gives itself, which would hide it), and a flag is 0 or 1 (clients show it as on
    or off). Checked here, not in the schema, so that the rules stored with a game load."""
    for name, variable in check.spec.variables.items():
        if keyword.iskeyword(name):
            message = f"{name!r} is a word of the expressions' language: choose another name"
            check.fail(("variables", name), message, named=True)
        elif name in BUILTIN_NAMES:
            message = (
                f"{name!r} is a name the game gives itself (rules/README.md, Expressions):"
                " an expression would read the game's, never this variable: choose another name"
            )
            check.fail(("variables", name), message, named=True)
        if variable.kind == "flag" and not 0 <= variable.min <= variable.max <= 1:
            bounds = f"min {variable.min}, max {variable.max}"
            message = f"a flag is 0 or 1 (off or on), so its min and max are 0 and 1, not {bounds}"
            check.fail(("variables", name, "kind"), message, named=True)


def _sides(check: _Checker) -> None:
    spec = check.spec
    for side in SIDES if check.scenario else ():
        if side not in spec.sides:
            check.fail(("sides",), f"missing side {side!r}", named=True)
    for side, info in spec.sides.items():
        at: PathKey = ("sides", side)
        if check.check_names and info.capital not in (None, *spec.variables):
            check.fail((*at, "capital"), f"unknown variable {info.capital!r}", named=True)
        elif info.capital is not None and check.check_names:
            scope = spec.variables[info.capital].scope
            if scope not in ("public", side):
                message = f"{info.capital!r} is seen only by {scope}, not by {side}"
                check.fail((*at, "capital"), message, named=True)
        check.expr((*at, "must_fold"), info.must_fold)
        check.effects((*at, "fold_effects"), info.fold_effects)
        check.effects((*at, "breach_effects"), info.breach_effects)
        roles = [role.id for role in info.roles]
        for index, role in enumerate(roles):
            if roles.index(role) != index:
                check.fail((*at, "roles", index, "id"), f"duplicate role id {role!r}", named=True)
    check.effects(("resolution",), spec.resolution)


def _cards(check: _Checker) -> None:
    spec = check.spec
    for index, card in enumerate(spec.cards):
        at: PathKey = ("cards", index)
        side = spec.sides.get(card.side)
        known_roles = {role.id for role in side.roles} if side else set()
        for r_index, role in enumerate(card.roles if side or check.scenario else ()):
            if role not in known_roles:
                # Its roles, since a later file's `sides:` entry replaces a library's whole.
                roles = ", ".join(r.id for r in side.roles) if side and side.roles else "none"
                message = f"{card.side} has no role {role!r} (its roles: {roles})"
                check.fail((*at, "roles", r_index), message, named=True)
        check.expr((*at, "requires"), card.requires, told_to=card.side)
        check.effects((*at, "effects"), card.effects)
        if card.lasting is not None:
            check.effects((*at, "lasting", "effects"), card.lasting.effects)
        if card.bluff is not None:
            check.expr((*at, "bluff", "means"), card.bluff.means)
            check.effects((*at, "bluff", "exposed"), card.bluff.exposed)
            check.effects((*at, "bluff", "vindicated"), card.bluff.vindicated)


def _news_and_terms(check: _Checker) -> None:
    spec = check.spec
    for index, news in enumerate(spec.news):
        check.effects(("news", index, "effects"), news.effects)
    for index, item in enumerate(spec.instructor_news):
        check.effects(("instructor_news", index, "effects"), item.effects)
    for index, objective in enumerate(spec.objectives):
        check.expr(("objectives", index, "when"), objective.when)
    tags = {tag for card in spec.cards for tag in card.tags}
    for index, term in enumerate(spec.deal_terms):
        at: PathKey = ("deal_terms", index)
        params = {name: float(max(abs(p.min), abs(p.max))) for name, p in term.params.items()}
        for param in params if check.check_names else ():
            if param in spec.variables:
                message = (
                    f"{param!r} is also a variable: in this term's expressions the parameter"
                    " would hide the variable; give the parameter another name"
                )
                check.fail((*at, "params", param), message, named=True)
        check.expr((*at, "requires"), term.requires, params, told_to="both")
        for part in ("on_accept", "each_round", "on_end"):
            check.effects((*at, part), getattr(term, part), params)
        for side, forbidden in term.forbids.items() if check.scenario else ():
            for t_index, tag in enumerate(forbidden):
                if tag not in tags:
                    where = (*at, "forbids", side, t_index)
                    check.fail(where, f"no card has tag {tag!r}", named=True)


def _decks(check: _Checker) -> None:
    spec = check.spec
    scenario = spec.scenario
    assert scenario is not None
    at: PathKey = ("scenario",)
    cards = {card.id: card for card in spec.cards}
    for side in SIDES:
        deck = getattr(scenario.decks, side)
        for index, card_id in enumerate(deck):
            card = cards.get(card_id)
            if card is None:
                check.fail((*at, "decks", side, index), f"unknown card {card_id!r}", named=True)
            elif card.side != side:
                message = f"{card_id!r} is a {card.side} card"
                check.fail((*at, "decks", side, index), message, named=True)
        if len(deck) < scenario.hand_size:
            message = f"{len(deck)} cards, fewer than hand_size ({scenario.hand_size})"
            check.fail((*at, "decks", side), message, named=True)


def _scenario(check: _Checker) -> None:
    spec = check.spec
    scenario = spec.scenario
    assert scenario is not None
    at: PathKey = ("scenario",)
    news = {item.id for item in spec.news}
    for index, news_id in enumerate(scenario.news_deck):
        if news_id not in news:
            check.fail((*at, "news_deck", index), f"unknown news {news_id!r}", named=True)
    for hand, news_id in scenario.scripted_news.items():
        if news_id not in news:
            check.fail((*at, "scripted_news", hand), f"unknown news {news_id!r}", named=True)
        if hand > scenario.rounds:
            message = f"hand {hand} is never played"
            check.fail((*at, "scripted_news", hand), message, named=True)
    terms = {term.id for term in spec.deal_terms}
    for index, term_id in enumerate(scenario.deal_terms or []):
        if term_id not in terms:
            message = f"unknown deal term {term_id!r}"
            check.fail((*at, "deal_terms", index), message, named=True)
    low, high = scenario.deal_rounds
    if low > high:
        message = "the shortest is longer than the longest"
        check.fail((*at, "deal_rounds"), message, named=True)
    for index, length in enumerate(scenario.deal_rounds):
        # A proposal asks for at most MAX_DEAL_ROUNDS hands (server/engine/commands.py). Checked
        # here, not in the schema, so that the rules stored with a game made before still load.
        if length > MAX_DEAL_ROUNDS:
            message = f"a deal runs at most {MAX_DEAL_ROUNDS} hands, not {length}"
            check.fail((*at, "deal_rounds", index), message, named=True)
    for side in SIDES:
        if side not in scenario.scoring:
            check.fail((*at, "scoring"), f"missing side {side!r}", named=True)
    for side, formula in scenario.scoring.items():
        check.expr((*at, "scoring", side), formula)
        points = [abs(item.points) for item in spec.objectives if item.side == side]
        check.bounded((*at, "scoring", side), formula, MAX_SCORE, "points", max(points, default=0))


def _phases(check: _Checker) -> None:
    scenario = check.spec.scenario
    assert scenario is not None
    at: PathKey = ("scenario", "phases")
    ids = [phase.id for phase in scenario.phases]
    kinds = [phase.kind for phase in scenario.phases]
    for index, phase in enumerate(scenario.phases):
        where: PathKey = (*at, index)
        if ids.index(phase.id) != index:
            check.fail((*where, "id"), f"duplicate phase id {phase.id!r}", named=True)
        last = phase.last_round if phase.last_round is not None else scenario.rounds
        if phase.first_round > min(last, scenario.rounds):
            message = f"phase {phase.id!r} can never be reached (no hand plays it)"
            check.fail(where, message, named=True)
        if "resolution" in kinds and index > kinds.index("resolution"):
            message = f"phase {phase.id!r} can never be reached (it follows resolution)"
            check.fail(where, message, named=True)
    for needed in ("betting", "resolution"):
        if needed not in kinds:
            check.fail(at, f"a scenario needs a {needed} phase", named=True)
    if kinds.count("resolution") > 1:
        check.fail(at, "only one resolution phase is allowed", named=True)


def _endings(check: _Checker) -> None:
    spec = check.spec
    scenario = spec.scenario
    assert scenario is not None
    outcomes = {item.id for item in spec.outcomes}
    for part in ("end_early", "end_final"):
        for index, end in enumerate(getattr(scenario, part)):
            where: PathKey = ("scenario", part, index)
            check.expr((*where, "when"), end.when)
            if end.outcome not in outcomes:
                check.fail((*where, "outcome"), f"unknown outcome {end.outcome!r}", named=True)
    final = scenario.end_final
    if not final or final[-1].when.strip() != "True":
        last: PathKey = ("scenario", "end_final", *((len(final) - 1, "when") if final else ()))
        check.fail(last, "the last entry must have no `when`", named=True)
