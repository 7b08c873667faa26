"""The commands a seat could send now, for bots and for clients that offer only legal moves."""

from __future__ import annotations

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
    found: list[Command] = []
    if state.betting is not None and not state.betting.closed:
        cards = sorted(set(state.hands[seat.side].cards))
        found += [PlayCards(cards=[card]) for card in cards]
        found += [Bluff(card=card) for card in cards]
        found += [Check(), Call(), CallBluff(), Fold()]
    elif state.talks is not None and not state.talks.closed:
        proposal = state.talks.proposal
        rounds = _deal_length(rules)
        offers = [[TermChoice(term=term)] for term in rules.terms]
        if proposal is None:
            found += [ProposeDeal(terms=terms, rounds=rounds) for terms in offers]
        else:
            found += [AcceptDeal(proposal=proposal.id), RejectDeal(proposal=proposal.id)]
            found += [WithdrawDeal(proposal=proposal.id)]
            found += [CounterDeal(proposal=proposal.id, terms=t, rounds=rounds) for t in offers]
        found.append(PassTalks())
    return found


def _deal_length(rules: Ruleset) -> int:
    low, high = rules.scenario.deal_rounds
    return max(low, min(high, 3))


def legal_commands(rules: Ruleset, state: GameState, seat: Seat) -> list[Command]:
    """Return the candidate commands the engine would accept from `seat` now."""
    return [c for c in candidates(rules, state, seat) if refusal(rules, state, seat, c) is None]
