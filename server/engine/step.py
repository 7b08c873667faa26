"""A decision in progress: the state so far and the events it has produced."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from server.engine.events import DealsExtended, Event, VariablesChanged
from server.engine.evolve import evolve
from server.engine.state import GameState
from server.ruleset.expr import Expression
from server.ruleset.model import Ruleset
from server.ruleset.schema import Effect


class Step:
    """Accumulates events; each one is applied at once so later checks see its effect."""

    def __init__(self, rules: Ruleset, state: GameState) -> None:
        self.rules = rules
        self.state = state
        self.events: list[Event] = []
        self._names: dict[str, int] = {}
        self._names_of: GameState | None = None

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

    def holds(self, condition: str | None, extra: Mapping[str, int] | None = None) -> bool:
        if condition is None:
            return True
        names = self._current_names() if not extra else self.names(extra)
        return self.rules.evaluator.holds(self._expression(condition), names)

    def _expression(self, source: str | int) -> Expression:
        """`Ruleset.expression`, from its cache when there (the checks run a few expressions a
        command, the options a few dozen a state: a call into the uncompiled Ruleset each
        cost more than the expression)."""
        found = self.rules.parsed.get(source) if isinstance(source, str) else None
        return found if found is not None else self.rules.expression(source)

    def _value(self, source: str | int, names: dict[str, int]) -> int:
        """`Ruleset.value`, its expression found as `holds` finds it."""
        if isinstance(source, int):
            return source
        return self.rules.evaluator.value(self._expression(source), names)

    def apply(
        self, effects: Iterable[Effect], cause: str, extra: Mapping[str, int] | None = None
    ) -> None:
        """Apply effects in order (each sees the ones before), emitting what changed."""
        effects = list(effects)
        if not effects:
            return
        specs = self.rules.spec.variables
        evaluator = self.rules.evaluator
        names = self.names(extra)
        changed: dict[str, int] = {}
        extend = 0
        for effect in effects:
            if effect.when is not None and not evaluator.holds(
                self._expression(effect.when), names
            ):
                continue
            for verb, table in (("set", effect.set), ("add", effect.add)):
                for target, amount in table.items():
                    value = self._value(amount, names)
                    if verb == "add":
                        value += names[target]
                    spec = specs[target]
                    value = max(spec.min, min(spec.max, value))
                    names[target] = changed[target] = value
            if effect.extend_deals is not None:
                extend += self._value(effect.extend_deals, names)
        values = {k: v for k, v in changed.items() if self.state.vars[k] != v}
        if values:
            self.emit(VariablesChanged(cause=cause, values=values))
        if extend and self.state.deals:
            self.emit(DealsExtended(rounds=extend))
