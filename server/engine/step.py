"""A decision in progress: the state so far and the events it has produced."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from server.engine.errors import RuleFailed
from server.engine.events import DealsExtended, Event, VariablesChanged
from server.engine.evolve import evolve
from server.engine.state import GameState
from server.ruleset.expr import EvaluationFailed, Expression, ExpressionError
from server.ruleset.model import Ruleset
from server.ruleset.schema import CardSpec, Effect


class Step:
    """Accumulates events; each one is applied at once so later checks see its effect.

    A rule whose expression cannot be worked out (EvaluationFailed) is met in one of two ways
    (rules/README.md, "When an expression fails"). While `moving` — the command's own checks
    and what it itself puts in play: the cards played face up, a deal broken or accepted, a
    side's own fold, an instructor's news — it refuses the command (RuleFailed: nothing
    changes). Once the game goes on by itself (`goes_on`: news, resolution, a showdown,
    simultaneous betting shown, a forced fold, the ending, every system command) it is
    skipped, so that no game is ever stuck: an effect that fails changes nothing, a condition
    that fails is false, a score that fails is 0. Both are decided by the rules and the state
    alone, so a replay makes the same game. `strict` (brink simulate) refuses every failure."""

    def __init__(self, rules: Ruleset, state: GameState, strict: bool = False) -> None:
        self.rules = rules
        self.state = state
        self.events: list[Event] = []
        self._names: dict[str, int] = {}
        self._names_of: GameState | None = None
        self.moving = True
        self.strict = strict

    def goes_on(self) -> None:
        """From here on the game moves by itself: a rule that fails is skipped, not refused."""
        self.moving = False

    def failed(self, what: str, error: EvaluationFailed) -> None:
        """Raise RuleFailed for a rule that failed, unless the game goes on by itself (then
        return: the caller skips the rule)."""
        if self.moving or self.strict:
            raise RuleFailed(what, error.source, error.reason) from None

    def emit(self, event: Event) -> None:
        self.events.append(event)
        self.state = evolve(self.state, event)

    def names(self, extra: Mapping[str, int] | None = None) -> dict[str, int]:
        """Return a fresh mapping of the names an expression may read now."""
        names = dict(self._current_names())
        if extra:
            names.update(extra)
        return names

    def _current_names(self) -> dict[str, int]:
        state = self.state
        if self._names_of is not state:
            names = {**state.vars, **state.counters}
            names["round"] = state.round
            names["rounds"] = state.rounds
            names["stake"] = state.betting.stake if state.betting is not None else 0
            names["deals_in_force"] = len(state.deals)
            self._names, self._names_of = names, state
        return self._names

    def holds(
        self, condition: str | None, what: str, extra: Mapping[str, int] | None = None
    ) -> bool:
        """Return whether `condition` (of the rule `what`) holds now; one that fails is false."""
        if condition is None:
            return True
        names = self._current_names() if not extra else self.names(extra)
        return self.holds_in(condition, names, what)

    def holds_in(self, condition: str | None, names: Mapping[str, int], what: str) -> bool:
        """Return whether `condition` holds over `names`; one that fails is false."""
        if condition is None:
            return True
        try:
            return self.rules.evaluator.holds(self._expression(condition), names)
        except EvaluationFailed as error:
            self.failed(what, error)
            return False

    def trial(self, card: CardSpec) -> RuleFailed | None:
        """Return why `card`'s effects would fail if it were played now (None: they would
        not), changing nothing. Only a card whose effects may fail is tried (Ruleset.fragile:
        rules stored before `rules check` refused them), so that it is offered as refused."""
        if card.id not in self.rules.fragile:
            return None
        names = self.names()
        try:
            for effect in card.effects:
                self._effect(effect, names, {}, [])
        except EvaluationFailed as error:
            return RuleFailed(f"card {card.id}", error.source, error.reason)
        return None

    def value_of(self, source: str | int, names: dict[str, int], what: str) -> int:
        """Return the value of an amount over `names`; one that fails is 0."""
        try:
            return self._value(source, names)
        except EvaluationFailed as error:
            self.failed(what, error)
            return 0

    def _expression(self, source: str | int) -> Expression:
        """`Ruleset.expression`, from its cache when there (the checks run a few expressions a
        command, the options a few dozen a state: a call into the uncompiled Ruleset each
        cost more than the expression)."""
        found = self.rules.parsed.get(source) if isinstance(source, str) else None
        if found is not None:
            return found
        try:
            return self.rules.expression(source)
        except EvaluationFailed:
            raise
        except ExpressionError as error:  # stored rules, from before a change to the language
            reason = str(error).removeprefix(f"expression {str(source)!r} ")
            raise EvaluationFailed(str(source), reason) from None

    def _value(self, source: str | int, names: dict[str, int]) -> int:
        """`Ruleset.value`, its expression found as `holds` finds it."""
        if isinstance(source, int):
            return source
        return self.rules.evaluator.value(self._expression(source), names)

    def apply(
        self,
        effects: Iterable[Effect],
        cause: str,
        extra: Mapping[str, int] | None = None,
        what: str | None = None,
    ) -> None:
        """Apply effects in order (each sees the ones before), emitting what changed. `what`
        names the rule they belong to when it fails (by default, as `cause` says it)."""
        effects = list(effects)
        if not effects:
            return
        names = self.names(extra)
        changed: dict[str, int] = {}
        extend = 0
        for effect in effects:
            written: list[tuple[str, int, int | None]] = []
            try:
                extend += self._effect(effect, names, changed, written)
            except EvaluationFailed as error:
                self.failed(what or _rule_of(cause), error)
                for target, was, had in reversed(written):  # the effect changes nothing
                    names[target] = was
                    if had is None:
                        del changed[target]
                    else:
                        changed[target] = had
        values = {k: v for k, v in changed.items() if self.state.vars[k] != v}
        if values:
            self.emit(VariablesChanged(cause=cause, values=values))
        if extend and self.state.deals:
            self.emit(DealsExtended(rounds=extend))

    def _effect(
        self,
        effect: Effect,
        names: dict[str, int],
        changed: dict[str, int],
        written: list[tuple[str, int, int | None]],
    ) -> int:
        """Apply one effect to `names` and `changed`, noting in `written` what each held
        before; return how many hands it extends the deals by."""
        if effect.when is not None and not self.rules.evaluator.holds(
            self._expression(effect.when), names
        ):
            return 0
        specs = self.rules.spec.variables
        for verb, table in (("set", effect.set), ("add", effect.add)):
            for target, amount in table.items():
                value = self._value(amount, names)
                if verb == "add":
                    value += names[target]
                spec = specs[target]
                written.append((target, names[target], changed.get(target)))
                names[target] = changed[target] = max(spec.min, min(spec.max, value))
        if effect.extend_deals is not None:
            return self._value(effect.extend_deals, names)
        return 0


_RULES = {
    "card": "card {}",
    "bluff": "card {}",
    "news": "news {}",
    "instructor": "instructor news {}",
    "fold": "the fold effects of {}",
    "breach": "the breach effects of {}",
    "deal": "deal {}",
}


def _rule_of(cause: str) -> str:
    """Return the rule a cause names, in words (`card:boom` -> `card boom`)."""
    kind, _, name = cause.partition(":")
    pattern = _RULES.get(kind)
    return pattern.format(name) if pattern is not None else cause
