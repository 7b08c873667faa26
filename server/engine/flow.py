"""The automatic parts of a game: starting, dealing, news, resolution and the ending."""

from __future__ import annotations

from collections.abc import Callable

from server.engine import events as ev
from server.engine.errors import MalformedCommand
from server.engine.events import HowWon
from server.engine.rng import Rng
from server.engine.state import other
from server.engine.step import Step
from server.ruleset.schema import SIDES, PhaseSpec, Side


def start_game(step: Step, seed: int, stacked: dict[Side, list[str]] | None = None) -> None:
    """Shuffle (or take the stacked decks), deal secret objectives, play to the first decision."""
    rules = step.rules
    rng = Rng(seed)
    decks = {side: rng.shuffled(getattr(rules.scenario.decks, side)) for side in SIDES}
    for side, order in (stacked or {}).items():
        if sorted(order) != sorted(decks[side]):
            raise MalformedCommand("bad_deck", f"the {side} deck must hold exactly its cards")
        decks[side] = list(order)
    step.emit(ev.GameStarted(rules=rules.id, rules_hash=rules.hash, seed=seed))
    step.emit(ev.DecksShuffled(decks=decks, news=rng.shuffled(rules.scenario.news_deck)))
    objectives: dict[Side, str | None] = {}
    for side in SIDES:
        choices = rules.side_objectives(side)
        objectives[side] = rng.choice(choices) if choices else None
    step.emit(ev.ObjectivesDealt(objectives=objectives))
    start_round(step, 1)


def start_round(step: Step, number: int) -> None:
    step.emit(ev.RoundStarted(round=number))
    scenario = step.rules.scenario
    for side in SIDES:
        hand = step.state.hands[side]
        room = scenario.hand_size - len(hand.cards)
        wanted = room if number == 1 else min(scenario.draw_per_round, room)
        count = max(0, min(wanted, len(hand.deck)))
        if count:
            step.emit(ev.CardsDrawn(side=side, cards=list(hand.deck[:count]), count=count))
    next_phase(step)


def next_phase(step: Step) -> None:
    """Enter the next phase that this hand plays (resolution always comes last)."""
    step.goes_on()
    state = step.state
    for index in range(state.phase_index + 1, len(step.rules.phases)):
        phase = step.rules.phases[index]
        last = phase.last_round if phase.last_round is not None else state.rounds
        if phase.first_round <= state.round <= last:
            ENTER[phase.kind](step, index, phase)
            return


def start_turn(step: Step, side: Side | None) -> None:
    """Give the turn to `side` (None: both); a side past its breaking point folds at once."""
    step.goes_on()
    step.emit(ev.TurnStarted(side=side, turn=step.state.turn + 1))
    if side is None:
        return
    must_fold = step.rules.spec.sides[side].must_fold
    if must_fold is not None and step.holds(must_fold, f"the must_fold of {side}"):
        step.emit(ev.Folded(side=side, forced=True))
        lose_hand(step, side, "fold")
        close_betting(step)


def restart_clock(step: Step) -> None:
    """Start a new turn for both sides (talks, simultaneous betting): a fresh deadline, and any
    timeout stamped for the turn before is now stale."""
    step.emit(ev.TurnStarted(side=None, turn=step.state.turn + 1))


def lose_hand(step: Step, side: Side, how: HowWon) -> None:
    """`side` concedes the hand's stake: the other side wins it, the loser's fold effects apply."""
    assert step.state.betting is not None
    stake = step.state.betting.stake
    step.emit(ev.HandWon(side=other(side), stake=stake, how=how))
    step.apply(step.rules.spec.sides[side].fold_effects, cause=f"fold:{side}")


def close_betting(step: Step) -> None:
    step.emit(ev.BettingClosed())
    next_phase(step)


def close_talks(step: Step) -> None:
    talks = step.state.talks
    if talks is not None and talks.proposal is not None:
        step.emit(ev.DealLapsed(proposal=talks.proposal.id))
    step.emit(ev.TalksClosed())
    next_phase(step)


def _phase_started(step: Step, index: int, phase: PhaseSpec, stake: int = 0) -> None:
    step.emit(ev.PhaseStarted(phase=phase.id, kind=phase.kind, index=index, stake=stake))


def _enter_news(step: Step, index: int, phase: PhaseSpec) -> None:
    _phase_started(step, index, phase)
    rules = step.rules
    news_id = rules.scenario.scripted_news.get(step.state.round)
    if news_id is None and step.state.news_deck:
        news_id = step.state.news_deck[0]
    if news_id is not None:
        step.emit(ev.NewsDrawn(news=news_id))
        step.apply(rules.news[news_id].effects, cause=f"news:{news_id}")
    next_phase(step)


def _enter_betting(step: Step, index: int, phase: PhaseSpec) -> None:
    _phase_started(step, index, phase, stake=step.rules.scenario.base_stake)
    if phase.mode == "simultaneous":
        start_turn(step, None)
        return
    opener: Side
    if phase.opener == "alternate":
        opener = "washington" if step.state.round % 2 == 1 else "beijing"
    else:
        opener = phase.opener
    start_turn(step, opener)


def _enter_talks(step: Step, index: int, phase: PhaseSpec) -> None:
    _phase_started(step, index, phase)
    restart_clock(step)


def _enter_resolution(step: Step, index: int, phase: PhaseSpec) -> None:
    _phase_started(step, index, phase)
    rules = step.rules
    for item in step.state.lasting:
        lasting = rules.cards[item.card].lasting
        if lasting is not None:
            step.apply(lasting.effects, cause=f"card:{item.card}")
    for deal in step.state.deals:
        for choice in deal.terms:
            term = rules.terms[choice.term]
            what = f"deal term {choice.term}"
            step.apply(term.each_round, cause=f"deal:{deal.id}", extra=choice.params, what=what)
    step.apply(rules.spec.resolution, cause="resolution")
    step.emit(ev.RoundResolved(round=step.state.round))
    for item in step.state.lasting:
        if item.remaining == 0:
            step.emit(ev.LastingEffectEnded(side=item.side, card=item.card))
    for deal in step.state.deals:
        if deal.expires_after <= step.state.round:
            step.emit(ev.DealExpired(deal=deal.id))
            for choice in deal.terms:
                term = rules.terms[choice.term]
                what = f"deal term {choice.term}"
                step.apply(term.on_end, cause=f"deal:{deal.id}", extra=choice.params, what=what)
    _end_or_continue(step)


def _end_or_continue(step: Step) -> None:
    scenario = step.rules.scenario
    for end in scenario.end_early:
        if step.holds(end.when, f"end_early {end.outcome}"):
            end_game(step, end.outcome)
            return
    if step.state.round < scenario.rounds:
        start_round(step, step.state.round + 1)
        return
    for end in scenario.end_final:
        if step.holds(end.when, f"end_final {end.outcome}"):
            end_game(step, end.outcome)
            return


def end_game(step: Step, outcome: str) -> None:
    """Score both sides (public objective plus the secret one if met) and end the game."""
    step.goes_on()
    rules = step.rules
    names = step.names()
    scores: dict[Side, int] = {}
    met: dict[Side, bool] = {}
    for side in SIDES:
        score = step.value_of(rules.scenario.scoring[side], names, f"the scoring of {side}")
        objective_id = step.state.hands[side].objective
        objective = rules.objectives.get(objective_id) if objective_id else None
        met[side] = objective is not None and step.holds_in(
            objective.when, names, f"objective {objective.id}"
        )
        if objective is not None and met[side]:
            score += objective.points
        scores[side] = score
    step.emit(ev.GameEnded(outcome=outcome, scores=scores, objectives_met=met))


ENTER: dict[str, Callable[[Step, int, PhaseSpec], None]] = {
    "news": _enter_news,
    "betting": _enter_betting,
    "talks": _enter_talks,
    "resolution": _enter_resolution,
}
