"""Deciding the talks: propose, counter, accept, reject, withdraw, pass."""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache

from server.engine import events as ev
from server.engine.betting import acting_side, side_roles
from server.engine.commands import (
    AcceptDeal,
    CounterDeal,
    PassTalks,
    ProposeDeal,
    RejectDeal,
    Seat,
    TermChoice,
    WithdrawDeal,
)
from server.engine.errors import EngineError, IllegalCommand, MalformedCommand, Refusals, ok
from server.engine.flow import close_talks, restart_clock
from server.engine.state import Proposal, Talks
from server.engine.step import Step
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side

# The refusals the options meet most, made once (errors.Refusals: returned, never raised).
_WRONG_PHASE = IllegalCommand("wrong_phase", "deals are made in the talks phase")
_NO_PROPOSAL = IllegalCommand("no_proposal", "there is no proposal on the table")
_PENDING = IllegalCommand("proposal_pending", "answer or withdraw the proposal on the table first")
_OWN_COUNTER = IllegalCommand("own_proposal", "you cannot counter your own proposal")
_OWN_ACCEPT = IllegalCommand("own_proposal", "the other side must accept your proposal")
_OWN_REJECT = IllegalCommand("own_proposal", "withdraw your own proposal instead")
_NOT_YOURS = IllegalCommand("not_your_proposal", "only the proposer may withdraw it")
_PASSED = IllegalCommand("already_passed", "you have already passed; wait for the other side")
_LIMIT = Refusals[int](
    "proposal_limit", lambda limit: f"no more than {limit} proposal{'s' * (limit != 1)} a hand"
)
_NOT_AVAILABLE = Refusals[tuple[str, str | None]](
    "term_not_available", lambda needs: f"{needs[0]} needs {needs[1]}"
)

Talking = tuple[Side, Talks]
"""What a talks command's opening checks establish: the acting side and the talks."""


def talking(step: Step, seat: Seat) -> Talking:
    """Return the seat's side and the talks if it may talk now."""
    return ok(open_talks(step, seat))


def open_talks(step: Step, seat: Seat) -> Talking | IllegalCommand:
    """`talking`, its common refusal returned: every talks command's opening check (the rest of
    each is its `may_*`, which returns its common refusals too, as betting.py's do)."""
    side = acting_side(step, seat, "talks")
    talks = step.state.talks
    if talks is None or talks.closed:
        return _WRONG_PHASE
    return side, talks


def _pending(talks: Talks, proposal_id: int) -> Proposal | IllegalCommand:
    if talks.proposal is None:
        return _NO_PROPOSAL
    if talks.proposal.id != proposal_id:
        return IllegalCommand("stale_proposal", f"proposal {proposal_id} is no longer on the table")
    return talks.proposal


def _final_say(step: Step, seat: Seat, side: Side) -> IllegalCommand | None:
    if not has_final_say(step, seat, side):
        return final_say_refusal(step.rules, side)
    return None


@lru_cache(maxsize=64)
def final_say_refusal(rules: Ruleset, side: Side) -> IllegalCommand:
    """Return why a role of `side` without the final say may not accept a deal, naming the roles
    that have it: "only the President may accept a deal" ("the President or the Treasury" when
    several do). Made once per ruleset and side, and returned, never raised (errors.ok)."""
    names = [f"the {role.name.en}" for role in side_roles(rules, side).values() if role.final_say]
    if not names:
        return IllegalCommand("role_not_allowed", "no role of this side may accept a deal")
    who = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return IllegalCommand("role_not_allowed", f"only {who} may accept a deal")


def has_final_say(step: Step, seat: Seat, side: Side) -> bool:
    """Return whether the seat may accept deals for `side` (a side's own seat may)."""
    roles = side_roles(step.rules, side)
    return seat.role is None or not roles or roles[seat.role].final_say


def accept_seat_key(step: Step, seat: Seat, command: AcceptDeal, opened: Talking) -> Hashable:
    """Return what of the seat `may_accept` depends on: only whether it has the final say."""
    return has_final_say(step, seat, opened[0])


Params = list[dict[str, int]]
"""Each term's parameters, every one filled in (`checked_terms`)."""


def normalized(terms: list[TermChoice], params: Params) -> list[TermChoice]:
    """Return the terms with the parameters `checked_terms` filled in."""
    return [TermChoice(term=c.term, params=p) for c, p in zip(terms, params, strict=True)]


def checked_terms(step: Step, terms: list[TermChoice], rounds: int) -> Params | EngineError:
    """Return each term's parameters with every one filled in, or why the terms may not be
    offered (a term unknown, twice, in force or not available now, a parameter unknown or out
    of range; the common refusal, a term not available, is returned, the others raised)."""
    low, high = step.rules.scenario.deal_rounds
    if not low <= rounds <= high:
        raise IllegalCommand("bad_rounds", f"a deal runs from {low} to {high} hands")
    seen: set[str] = set()
    result: Params = []
    for choice in terms:
        term = step.rules.terms.get(choice.term)
        if term is None:
            raise MalformedCommand("unknown_term", f"there is no deal term {choice.term!r}")
        if choice.term in seen:
            raise IllegalCommand("duplicate_term", f"{choice.term} is in the deal twice")
        seen.add(choice.term)
        if any(c.term == choice.term for deal in step.state.deals for c in deal.terms):
            raise IllegalCommand("term_in_force", f"{choice.term} is already in force")
        unknown = set(choice.params) - set(term.params)
        if unknown:
            raise MalformedCommand(
                "unknown_param", f"{choice.term} has no parameter {unknown.pop()!r}"
            )
        params: dict[str, int] = {}
        for name, spec in term.params.items():
            value = choice.params.get(name, spec.default)
            if not spec.min <= value <= spec.max:
                raise IllegalCommand(
                    "param_out_of_range", f"{choice.term}.{name} must be {spec.min}..{spec.max}"
                )
            params[name] = value
        if not step.holds(term.requires, f"deal term {choice.term}", params):
            return _NOT_AVAILABLE((choice.term, term.requires))
        result.append(params)
    return result


def _may_propose(step: Step, talks: Talks) -> IllegalCommand | None:
    limit = step.rules.phases[step.state.phase_index].max_proposals
    if talks.proposals >= limit:
        return _LIMIT(limit)
    return None


def may_propose(
    step: Step, seat: Seat, command: ProposeDeal, opened: Talking
) -> Params | EngineError:
    """Return the proposal's terms' parameters (`checked_terms`), or why it may not be made now."""
    talks = opened[1]
    if talks.proposal is not None:
        return _PENDING
    limited = _may_propose(step, talks)
    return limited if limited is not None else checked_terms(step, command.terms, command.rounds)


def propose(step: Step, seat: Seat, command: ProposeDeal) -> None:
    opened = talking(step, seat)
    terms = normalized(command.terms, ok(may_propose(step, seat, command, opened)))
    side = opened[0]
    proposal = step.state.next_id
    step.emit(ev.DealProposed(proposal=proposal, side=side, terms=terms, rounds=command.rounds))
    restart_clock(step)


def may_counter(
    step: Step, seat: Seat, command: CounterDeal, opened: Talking
) -> tuple[Proposal, Params] | EngineError:
    """Return the proposal countered and the counter's terms' parameters (`checked_terms`), or
    why it may not be made."""
    side, talks = opened
    pending = _pending(talks, command.proposal)
    if isinstance(pending, EngineError):
        return pending
    if pending.side == side:
        return _OWN_COUNTER
    limited = _may_propose(step, talks)
    if limited is not None:
        return limited
    params = checked_terms(step, command.terms, command.rounds)
    return params if isinstance(params, EngineError) else (pending, params)


def counter(step: Step, seat: Seat, command: CounterDeal) -> None:
    opened = talking(step, seat)
    pending, params = ok(may_counter(step, seat, command, opened))
    terms = normalized(command.terms, params)
    side = opened[0]
    step.emit(
        ev.DealProposed(
            proposal=step.state.next_id,
            side=side,
            terms=terms,
            rounds=command.rounds,
            counters=pending.id,
        )
    )
    restart_clock(step)


def may_accept(
    step: Step, seat: Seat, command: AcceptDeal, opened: Talking
) -> Proposal | IllegalCommand:
    """Return the proposal to accept, or why the seat may not accept it."""
    side, talks = opened
    pending = _pending(talks, command.proposal)
    if isinstance(pending, IllegalCommand):
        return pending
    if pending.side == side:
        return _OWN_ACCEPT
    return _final_say(step, seat, side) or pending


def accept(step: Step, seat: Seat, command: AcceptDeal) -> None:
    pending = ok(may_accept(step, seat, command, talking(step, seat)))
    expires = step.state.round + pending.rounds - 1
    step.emit(
        ev.DealStruck(
            deal=pending.id,
            proposed_by=pending.side,
            terms=list(pending.terms),
            expires_after=expires,
        )
    )
    for choice in pending.terms:
        term = step.rules.terms[choice.term]
        what = f"deal term {choice.term}"
        step.apply(term.on_accept, cause=f"deal:{pending.id}", extra=choice.params, what=what)
    restart_clock(step)


def may_reject(
    step: Step, seat: Seat, command: RejectDeal, opened: Talking
) -> Proposal | IllegalCommand:
    side, talks = opened
    pending = _pending(talks, command.proposal)
    if not isinstance(pending, IllegalCommand) and pending.side == side:
        return _OWN_REJECT
    return pending


def reject(step: Step, seat: Seat, command: RejectDeal) -> None:
    opened = talking(step, seat)
    pending = ok(may_reject(step, seat, command, opened))
    side = opened[0]
    step.emit(ev.DealRejected(proposal=pending.id, side=side))
    restart_clock(step)


def may_withdraw(
    step: Step, seat: Seat, command: WithdrawDeal, opened: Talking
) -> Proposal | IllegalCommand:
    side, talks = opened
    pending = _pending(talks, command.proposal)
    if not isinstance(pending, IllegalCommand) and pending.side != side:
        return _NOT_YOURS
    return pending


def withdraw(step: Step, seat: Seat, command: WithdrawDeal) -> None:
    opened = talking(step, seat)
    pending = ok(may_withdraw(step, seat, command, opened))
    side = opened[0]
    step.emit(ev.DealWithdrawn(proposal=pending.id, side=side))
    restart_clock(step)


def may_pass(step: Step, seat: Seat, command: PassTalks, opened: Talking) -> IllegalCommand | None:
    side, talks = opened
    if side in talks.passed:
        return _PASSED
    return None


def pass_talks(step: Step, seat: Seat, command: PassTalks) -> None:
    opened = talking(step, seat)
    ok(may_pass(step, seat, command, opened))
    side = opened[0]
    step.emit(ev.TalksPassed(side=side))
    assert step.state.talks is not None
    if len(step.state.talks.passed) == 2:
        close_talks(step)
    else:
        restart_clock(step)
