"""A quiet forecast: how a game would end if from now on nobody raised, folded or made a deal.

The search plays the next hand or two move by move, then asks the forecast for the rest: each
remaining hand's news, lasting card effects, deals ticking and the resolution steps, deals
expiring, the early endings; then the score of each side (its secret objective included). It
follows the engine's resolution (flow.py) step for step, on a plain dictionary of names rather
than through events, which is several times faster and all a forecast needs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from server.engine.state import Deal, GameState, Lasting
from server.engine.step import Step
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Effect, Side

Amount = Callable[[Mapping[str, int]], Any]
Step_ = tuple[Amount | None, tuple[tuple[str, bool, Amount, int, int], ...], Amount | None]
_COMPILED: WeakKeyDictionary[Ruleset, dict[int, tuple[list[Effect], list[Step_]]]] = (
    WeakKeyDictionary()
)


def _amount(rules: Ruleset, source: str | int) -> Amount:
    if isinstance(source, int):
        return lambda names: source
    return rules.expression(source).run


def _compiled(rules: Ruleset, effects: list[Effect]) -> list[Step_]:
    """Return `effects` turned into closures, once per ruleset and list of effects."""
    cache = _COMPILED.setdefault(rules, {})
    found = cache.get(id(effects))
    if found is None or found[0] is not effects:
        specs = rules.spec.variables
        steps: list[Step_] = []
        for effect in effects:
            changes = tuple(
                (
                    target,
                    verb == "set",
                    _amount(rules, amount),
                    specs[target].min,
                    specs[target].max,
                )
                for verb, table in (("set", effect.set), ("add", effect.add))
                for target, amount in table.items()
            )
            when = rules.expression(effect.when).run if effect.when is not None else None
            extend = (
                _amount(rules, effect.extend_deals) if effect.extend_deals is not None else None
            )
            steps.append((when, changes, extend))
        found = cache[id(effects)] = (effects, steps)
    return found[1]


def _whole(value: Any) -> int:
    return int(value // 1) if isinstance(value, float) else int(value)


def run_effects(
    rules: Ruleset,
    effects: list[Effect],
    names: dict[str, int],
    extra: Mapping[str, int] | None = None,
) -> int:
    """Apply effects to `names` in place as Step.apply does; return the hands deals are
    extended by."""
    if not effects:
        return 0
    scope = {**names, **extra} if extra else names
    extend = 0
    for when, changes, extend_by in _compiled(rules, effects):
        if when is not None and not when(scope):
            continue
        for target, assign, amount, low, high in changes:
            value = _whole(amount(scope))
            if not assign:
                value += scope[target]
            value = low if value < low else high if value > high else value
            scope[target] = value
            if scope is not names:
                names[target] = value
        if extend_by is not None:
            extend += _whole(extend_by(scope))
    return extend


def forecast(rules: Ruleset, state: GameState) -> dict[Side, int]:
    """Return each side's score if the game were played out quietly from `state` (its score
    as it stands if the game is over). The hand in progress is resolved first."""
    if state.finished:
        return dict(state.scores)
    scenario = rules.scenario
    names = Step(rules, state).names()
    names["stake"] = 0
    deals: list[Deal] = list(state.deals)
    lasting: list[Lasting] = list(state.lasting)
    news_deck = list(state.news_deck)
    hand = state.round
    while True:
        names["round"] = hand
        names["deals_in_force"] = len(deals)
        for item in lasting:
            spec = rules.cards[item.card].lasting
            if spec is not None:
                run_effects(rules, spec.effects, names)
        extend = 0
        for deal in deals:
            for choice in deal.terms:
                extend += run_effects(
                    rules, rules.terms[choice.term].each_round, names, choice.params
                )
        extend += run_effects(rules, rules.spec.resolution, names)
        deals = _extended(deals, extend)
        lasting = [
            item
            if item.remaining is None
            else item.model_copy(update={"remaining": item.remaining - 1})
            for item in lasting
        ]
        lasting = [item for item in lasting if item.remaining != 0]
        kept: list[Deal] = []
        extend = 0
        for deal in deals:
            if deal.expires_after <= hand:
                names["deals_in_force"] = len(deals) - 1
                for choice in deal.terms:
                    extend += run_effects(
                        rules, rules.terms[choice.term].on_end, names, choice.params
                    )
            else:
                kept.append(deal)
        deals = _extended(kept, extend)
        names["deals_in_force"] = len(deals)
        if any(rules.holds(end.when, names) for end in scenario.end_early):
            break
        if hand >= scenario.rounds:
            break
        hand += 1
        names["round"] = hand
        news = scenario.scripted_news.get(hand)
        if news is None and news_deck:
            news = news_deck.pop(0)
        if news is not None:
            run_effects(rules, rules.news[news].effects, names)
    return _scores(rules, state, names)


def _extended(deals: list[Deal], by: int) -> list[Deal]:
    if not by or not deals:
        return deals
    return [d.model_copy(update={"expires_after": d.expires_after + by}) for d in deals]


def _scores(rules: Ruleset, state: GameState, names: dict[str, int]) -> dict[Side, int]:
    scores: dict[Side, int] = {}
    for side in SIDES:
        score = rules.value(rules.scenario.scoring[side], names)
        objective_id = state.hands[side].objective
        objective = rules.objectives.get(objective_id) if objective_id else None
        if objective is not None and rules.holds(objective.when, names):
            score += objective.points
        scores[side] = score
    return scores
