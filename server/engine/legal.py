"""The commands a seat could send now, for bots and for clients that offer only legal moves."""

from __future__ import annotations

from functools import lru_cache

from server.engine.commands import (
    AcceptDeal,
    Bluff,
    Call,
    CallBluff,
    Check,
    Command,
    CounterDeal,
    Fold,
    PassTalks,
    PlayCards,
    ProposeDeal,
    RejectDeal,
    Seat,
    TermChoice,
    WithdrawDeal,
)
from server.engine.decide import refusal
from server.engine.state import GameState
from server.ruleset.model import Ruleset


def candidates(rules: Ruleset, state: GameState, seat: Seat) -> list[Command]:
    """Return the commands worth trying for `seat`: one card at a time, one term per proposal."""
    if seat.side == "system" or state.finished:
        return []
    if state.betting is not None and not state.betting.closed:
        return list(_betting_options(tuple(sorted(set(state.hands[seat.side].cards)))))
    if state.talks is not None and not state.talks.closed:
        proposal = state.talks.proposal
        low, high = rules.scenario.deal_rounds
        terms = tuple(rules.terms)
        return list(_talks_options(terms, max(low, min(high, 3)), proposal and proposal.id))
    return []


@lru_cache(maxsize=4096)
def _betting_options(cards: tuple[str, ...]) -> tuple[Command, ...]:
    # Commands are frozen values, so one list serves every game holding these cards.
    plays: list[Command] = [PlayCards(cards=[card]) for card in cards]
    bluffs: list[Command] = [Bluff(card=card) for card in cards]
    return (*plays, *bluffs, Check(), Call(), CallBluff(), Fold())


@lru_cache(maxsize=4096)
def _talks_options(
    terms: tuple[str, ...], rounds: int, proposal: int | None
) -> tuple[Command, ...]:
    offers = [[TermChoice(term=term)] for term in terms]
    found: list[Command] = []
    if proposal is None:
        found += [ProposeDeal(terms=terms, rounds=rounds) for terms in offers]
    else:
        found += [AcceptDeal(proposal=proposal), RejectDeal(proposal=proposal)]
        found += [WithdrawDeal(proposal=proposal)]
        found += [CounterDeal(proposal=proposal, terms=t, rounds=rounds) for t in offers]
    return (*found, PassTalks())


def legal_commands(rules: Ruleset, state: GameState, seat: Seat) -> list[Command]:
    """Return the candidate commands the engine would accept from `seat` now."""
    return [c for c in candidates(rules, state, seat) if refusal(rules, state, seat, c) is None]
