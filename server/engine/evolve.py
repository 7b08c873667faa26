"""`evolve(state, event) -> state`: the pure fold that turns an event log into a game state.

Every event carries what changed (values, cards, ids), so evolving needs no rules and no
randomness: replaying a log is `functools.reduce(evolve, events, initial_state)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

from server.engine import events as ev
from server.engine.state import (
    Betting,
    Deal,
    FaceDown,
    GameState,
    Hand,
    Lasting,
    Proposal,
    Talks,
)
from server.ruleset.schema import Side

M = TypeVar("M", bound=BaseModel)
Changes = dict[str, Any]
Evolver = Callable[[GameState, Any], Changes]


def _update(state: GameState, **changes: Any) -> Changes:
    return changes


def _hand(state: GameState, side: Side, **changes: Any) -> dict[Side, Hand]:
    hands = dict(state.hands)
    hands[side] = copy_with(hands[side], changes)
    return hands


def _betting(state: GameState, **changes: Any) -> Betting:
    assert state.betting is not None
    return copy_with(state.betting, changes)


def _talks(state: GameState, **changes: Any) -> Talks:
    assert state.talks is not None
    return copy_with(state.talks, changes)


def _count(state: GameState, name: str, by: int = 1) -> dict[str, int]:
    counters = dict(state.counters)
    counters[name] = counters.get(name, 0) + by
    return counters


def _without(cards: tuple[str, ...], card: str) -> tuple[str, ...]:
    index = cards.index(card)
    return cards[:index] + cards[index + 1 :]


def _game_started(state: GameState, event: ev.GameStarted) -> Changes:
    assert event.seed is not None, "evolve needs the all-seeing log"
    return _update(state, seed=event.seed)


def _decks_shuffled(state: GameState, event: ev.DecksShuffled) -> Changes:
    hands = {side: Hand(deck=tuple(cards)) for side, cards in event.decks.items()}
    return _update(state, hands=hands, news_deck=tuple(event.news))


def _objectives_dealt(state: GameState, event: ev.ObjectivesDealt) -> Changes:
    hands = dict(state.hands)
    for side, objective in event.objectives.items():
        hands[side] = copy_with(hands[side], {"objective": objective})
    return _update(state, hands=hands)


def _round_started(state: GameState, event: ev.RoundStarted) -> Changes:
    return _update(state, round=event.round, phase="", phase_index=-1, news=None)


def _cards_drawn(state: GameState, event: ev.CardsDrawn) -> Changes:
    hand = state.hands[event.side]
    drawn = hand.deck[: event.count]
    return _update(
        state,
        hands=_hand(state, event.side, cards=hand.cards + drawn, deck=hand.deck[event.count :]),
    )


def _news_drawn(state: GameState, event: ev.NewsDrawn) -> Changes:
    deck = state.news_deck
    if event.news in deck:
        deck = _without(deck, event.news)
    return _update(state, news=event.news, news_deck=deck)


def _news_injected(state: GameState, event: ev.NewsInjected) -> Changes:
    deck = state.news_deck
    if event.news is not None and event.news in deck:
        deck = _without(deck, event.news)
    return _update(state, news_deck=deck)


def _variables_changed(state: GameState, event: ev.VariablesChanged) -> Changes:
    return _update(state, vars={**state.vars, **event.values})


def _phase_started(state: GameState, event: ev.PhaseStarted) -> Changes:
    betting = Betting(stake=event.stake) if event.kind == "betting" else None
    talks = Talks() if event.kind == "talks" else None
    return _update(
        state,
        phase=event.phase,
        phase_index=event.index,
        betting=betting,
        talks=talks,
        to_act=None,
    )


def _turn_started(state: GameState, event: ev.TurnStarted) -> Changes:
    return _update(state, to_act=event.side, turn=event.turn)


def _card_played(state: GameState, event: ev.CardPlayed) -> Changes:
    hand = state.hands[event.side]
    lasting = state.lasting
    if event.lasting is not None:
        remaining = event.lasting or None
        lasting = (*lasting, Lasting(side=event.side, card=event.card, remaining=remaining))
    return _update(
        state,
        hands=_hand(state, event.side, cards=_without(hand.cards, event.card)),
        lasting=lasting,
    )


def _card_played_face_down(state: GameState, event: ev.CardPlayedFaceDown) -> Changes:
    assert event.card is not None, "evolve needs the all-seeing log"
    hand = state.hands[event.side]
    down = FaceDown(slot=event.slot, side=event.side, card=event.card)
    assert state.betting is not None
    return _update(
        state,
        hands=_hand(state, event.side, cards=_without(hand.cards, event.card)),
        betting=_betting(state, face_down=(*state.betting.face_down, down)),
        next_id=max(state.next_id, event.slot + 1),
    )


def _stake_raised(state: GameState, event: ev.StakeRaised) -> Changes:
    assert state.betting is not None
    raises = dict(state.betting.raises)
    raises[event.side] = raises.get(event.side, 0) + 1
    betting = _betting(
        state,
        stake=event.stake,
        raises=raises,
        facing=True,
        bluff_slot=event.face_down_slot,
        checks=0,
    )
    return _update(state, betting=betting)


def _action_submitted(state: GameState, event: ev.ActionSubmitted) -> Changes:
    assert state.betting is not None and event.action is not None
    pending = {**state.betting.pending, event.side: event.action}
    return _update(state, betting=_betting(state, pending=pending))


def _checked(state: GameState, event: ev.Checked) -> Changes:
    assert state.betting is not None
    return _update(state, betting=_betting(state, checks=state.betting.checks + 1, facing=False))


def _card_revealed(state: GameState, event: ev.CardRevealed) -> Changes:
    assert state.betting is not None
    remaining = tuple(d for d in state.betting.face_down if d.slot != event.slot)
    lasting = state.lasting
    if event.backed and event.lasting is not None:
        item = Lasting(side=event.side, card=event.card, remaining=event.lasting or None)
        lasting = (*lasting, item)
    return _update(state, betting=_betting(state, face_down=remaining), lasting=lasting)


def _folded(state: GameState, event: ev.Folded) -> Changes:
    return _update(state, counters=_count(state, f"folds_{event.side}"))


def _hand_won(state: GameState, event: ev.HandWon) -> Changes:
    return _update(state, counters=_count(state, f"wins_{event.side}"))


def _betting_closed(state: GameState, event: ev.BettingClosed) -> Changes:
    return _update(
        state, betting=_betting(state, closed=True, face_down=(), pending={}), to_act=None
    )


def _deal_proposed(state: GameState, event: ev.DealProposed) -> Changes:
    assert state.talks is not None
    proposal = Proposal(
        id=event.proposal, side=event.side, terms=tuple(event.terms), rounds=event.rounds
    )
    talks = _talks(
        state, proposal=proposal, proposals=state.talks.proposals + 1, passed=frozenset()
    )
    return _update(state, talks=talks, next_id=max(state.next_id, event.proposal + 1))


def _proposal_cleared(state: GameState, event: Any) -> Changes:
    return _update(state, talks=_talks(state, proposal=None))


def _deal_struck(state: GameState, event: ev.DealStruck) -> Changes:
    deal = Deal(
        id=event.deal,
        proposed_by=event.proposed_by,
        terms=tuple(event.terms),
        expires_after=event.expires_after,
    )
    return _update(
        state,
        deals=(*state.deals, deal),
        talks=_talks(state, proposal=None),
        counters=_count(state, "deals_struck"),
    )


def _deal_broken(state: GameState, event: ev.DealBroken) -> Changes:
    deals = tuple(d for d in state.deals if d.id != event.deal)
    return _update(state, deals=deals, counters=_count(state, f"breaches_{event.side}"))


def _deals_extended(state: GameState, event: ev.DealsExtended) -> Changes:
    deals = tuple(
        d.model_copy(update={"expires_after": d.expires_after + event.rounds}) for d in state.deals
    )
    return _update(state, deals=deals)


def _deal_expired(state: GameState, event: ev.DealExpired) -> Changes:
    return _update(state, deals=tuple(d for d in state.deals if d.id != event.deal))


def _talks_passed(state: GameState, event: ev.TalksPassed) -> Changes:
    assert state.talks is not None
    return _update(state, talks=_talks(state, passed=state.talks.passed | {event.side}))


def _talks_closed(state: GameState, event: ev.TalksClosed) -> Changes:
    return _update(state, talks=_talks(state, closed=True, proposal=None), to_act=None)


def _lasting_ended(state: GameState, event: ev.LastingEffectEnded) -> Changes:
    kept = list(state.lasting)
    for index, item in enumerate(kept):
        if item.side == event.side and item.card == event.card:
            del kept[index]
            break
    return _update(state, lasting=tuple(kept))


def _round_resolved(state: GameState, event: ev.RoundResolved) -> Changes:
    lasting = tuple(
        item
        if item.remaining is None
        else item.model_copy(update={"remaining": item.remaining - 1})
        for item in state.lasting
    )
    return _update(state, lasting=lasting)


def _game_ended(state: GameState, event: ev.GameEnded) -> Changes:
    return _update(
        state,
        outcome=event.outcome,
        scores=event.scores,
        objectives_met=event.objectives_met,
        to_act=None,
    )


def _unchanged(state: GameState, event: Any) -> Changes:
    return {}


EVOLVERS: dict[str, Evolver] = {
    "game_started": _game_started,
    "decks_shuffled": _decks_shuffled,
    "objectives_dealt": _objectives_dealt,
    "round_started": _round_started,
    "cards_drawn": _cards_drawn,
    "news_drawn": _news_drawn,
    "news_injected": _news_injected,
    "variables_changed": _variables_changed,
    "phase_started": _phase_started,
    "turn_started": _turn_started,
    "card_played": _card_played,
    "card_played_face_down": _card_played_face_down,
    "stake_raised": _stake_raised,
    "action_submitted": _action_submitted,
    "checked": _checked,
    "called": _unchanged,
    "bluff_called": _unchanged,
    "card_revealed": _card_revealed,
    "folded": _folded,
    "hand_won": _hand_won,
    "betting_closed": _betting_closed,
    "deal_proposed": _deal_proposed,
    "deal_rejected": _proposal_cleared,
    "deal_withdrawn": _proposal_cleared,
    "deal_lapsed": _proposal_cleared,
    "deal_struck": _deal_struck,
    "deal_broken": _deal_broken,
    "deals_extended": _deals_extended,
    "deal_expired": _deal_expired,
    "talks_passed": _talks_passed,
    "talks_closed": _talks_closed,
    "timed_out": _unchanged,
    "lasting_effect_ended": _lasting_ended,
    "round_resolved": _round_resolved,
    "game_ended": _game_ended,
}


def evolve(state: GameState, event: ev.Event) -> GameState:
    """Return the state after `event`. Total on any log the engine wrote."""
    changes = EVOLVERS[event.type](state, event)
    changes["seq"] = state.seq + 1
    return copy_with(state, changes)


def copy_with(model: M, changes: dict[str, Any]) -> M:
    """Return a copy of a trusted frozen model with `changes`: pydantic's model_copy, minus
    the bookkeeping this hot path does not need (the fields set are the same)."""
    values = dict(model.__dict__)
    values.update(changes)
    return construct(type(model), values, model.__pydantic_fields_set__)


def construct(cls: type[M], values: dict[str, Any], given: set[str]) -> M:
    """Return the frozen model of `cls` holding `values` — every field, in its order — without
    validating them (they are values the server made), `given` its fields set: what
    `cls(**{k: values[k] for k in given})` would make."""
    new = object.__new__(cls)
    object.__setattr__(new, "__dict__", values)
    object.__setattr__(new, "__pydantic_fields_set__", given)
    object.__setattr__(new, "__pydantic_extra__", None)
    object.__setattr__(new, "__pydantic_private__", None)
    return new


def replay(state: GameState, events: Iterable[ev.Event]) -> GameState:
    """Return the state after folding `evolve` over `events`."""
    for event in events:
        state = evolve(state, event)
    return state
