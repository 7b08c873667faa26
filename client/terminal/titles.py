"""A card's title in a hand, as the web page says it (client/web/text.js `cardTitle`): a rate its
name ends with ("Raise: +50 points (104%)", as the year went) said as where playing it now would
take that rate, worked out from the card's effects in the seat's view (the tariff at 44% after a
truce's snapback: "(114%)"). The name as written when that cannot be told: no view, an effect
with a condition, no rate changed, an amount that cannot be worked out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from server.ruleset.expr import EvaluationFailed, Evaluator, ExpressionError, parse
from server.ruleset.model import Ruleset

RATE = re.compile(r"([(（])(\d+)%([)）])\s*$")
_EVALUATOR = Evaluator()


def view_values(view: Mapping[str, Any] | None) -> dict[str, int] | None:
    """The names a rule's expression reads, as the view shows them (what this seat may see)."""
    if not view:
        return None
    values: dict[str, int] = {}
    for side in (view.get("sides") or {}).values():
        values.update((side or {}).get("private") or {})
    values.update(view.get("public") or {})
    values.update(view.get("counters") or {})
    for counter in ("round", "rounds", "stake"):
        if isinstance(view.get(counter), int):
            values[counter] = view[counter]
    values["deals_in_force"] = len(view.get("deals") or [])
    return values


def _amount(value: int | str, values: Mapping[str, int]) -> int | None:
    if isinstance(value, int):
        return value
    try:
        return _EVALUATOR.value(parse(value), values)
    except (ExpressionError, EvaluationFailed):
        return None


def card_title(rules: Ruleset, card: str, name: str, view: Mapping[str, Any] | None) -> str:
    """`name` (the card's, in the reader's language) with the rate it ends with said as the
    rate playing `card` now would make, by `view`; else `name` as it is."""
    found = RATE.search(name)
    spec = rules.cards.get(card)
    values = view_values(view) if found is not None and spec is not None else None
    if found is None or spec is None or values is None:
        return name
    rate: str | None = None
    value = 0
    for effect in spec.effects:
        if effect.when is not None:
            return name
        for adds, changes in ((False, effect.set), (True, effect.add)):
            for variable, change in changes.items():
                known = rules.spec.variables.get(variable)
                # the first rate it changes (the tariff: a later bookkeeping rate, such as the
                # earlier fentanyl tariff set to 0 once stacked, is not the one the title says)
                if known is None or known.kind != "percent" or rate not in (None, variable):
                    continue
                amount = _amount(change, values)
                start = value if rate is not None else values.get(variable)
                if amount is None or not isinstance(start, int):
                    return name
                rate, value = variable, start + amount if adds else amount
    if rate is None:
        return name
    bounds = rules.spec.variables[rate]
    shown = max(bounds.min, min(bounds.max, value))
    return f"{name[: found.start()]}{found[1]}{shown}%{found[3]}"
