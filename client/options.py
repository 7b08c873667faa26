"""What a seat may do besides what the server's `options` say: whether they allow anything (a
team role may be waited for and allowed nothing), and what a side that has passed in the talks
may still do (it is sent no options, yet the engine lets it propose, answer or withdraw)."""

from __future__ import annotations

from typing import Any

from server.engine.legal import Options, Refused
from server.engine.talks import final_say_refusal
from server.ruleset.expr import ExpressionError
from server.ruleset.model import Ruleset


def allows_any(options: Options) -> bool:
    """Whether `options` allow any command at all."""
    groups = (options.actions, options.play, options.bluff, options.terms)
    return any(refused is None for group in groups for refused in group.values())


def passed_options(rules: Ruleset, view: dict[str, Any], seat: str) -> Options | None:
    """What `seat` may still do after its side passed in the talks, worked out from the view
    and the rules as the engine decides it (server/engine/talks.py): its role's right to talk
    and final say, the proposal on the table, the proposals left this hand, the terms in force
    and each term's condition. None unless the seat's side has passed in talks still open.

    docs/protocol/09-whose-turn.md §9: a passed side is sent `options: null` (the game no longer
    waits for it, and clients that act whenever they have options would speak again), yet may still
    act. A condition that reads what this side cannot see (the other side's private variables) is
    left to the server, which refuses the proposal with the reason if it does not hold."""
    side, _, role_id = seat.partition(":")
    if view.get("outcome") is not None or view.get("phase_kind") != "talks":
        return None
    if side not in view.get("passed", []):
        return None
    roles = {role.id: role for role in rules.spec.sides[side].roles}  # type: ignore[index]
    role = roles.get(role_id) if role_id else None
    proposal = view.get("proposal")
    mine = proposal is not None and proposal["side"] == side
    talks: Refused | None = None
    if role is not None and "talks" not in role.actions:
        talks = _refused("role_not_allowed", f"{role.name.en} may not negotiate deals")
    final_say: Refused | None = None
    if role is not None and not role.final_say:  # the engine's words: who has the final say
        refusal = final_say_refusal(rules, side)
        final_say = _refused(refusal.code, refusal.message)
    answer: Refused | None
    reject: Refused | None
    withdraw: Refused | None
    if proposal is None:
        answer = withdraw = _refused("no_proposal", "there is no proposal on the table")
        reject = answer
    elif mine:
        answer = _refused("own_proposal", "the other side must accept your proposal")
        reject = _refused("own_proposal", "withdraw your own proposal instead")
        withdraw = None
    else:
        answer = reject = None
        withdraw = _refused("not_your_proposal", "only the proposer may withdraw it")
    passed = _refused("already_passed", "you have already passed; wait for the other side")
    actions: dict[str, Refused | None] = {
        "pass": talks or passed,
        "accept": talks or answer or final_say,
        "reject": talks or reject,
        "withdraw": talks or withdraw,
    }
    low, high = rules.scenario.deal_rounds
    rounds = max(low, min(high, 3))
    offer = talks or _offer(rules, view, mine)
    terms = {term: offer or _term(rules, view, side, term) for term in rules.terms}
    return Options(actions=actions, play={}, bluff={}, terms=terms, deal_rounds=rounds)


def _refused(code: str, message: str) -> Refused:
    return Refused(code=code, message=message)


def _offer(rules: Ruleset, view: dict[str, Any], mine: bool) -> Refused | None:
    """Why no proposal may be made now (one of ours on the table, or none left this hand)."""
    if mine:
        return _refused("proposal_pending", "answer or withdraw the proposal on the table first")
    phase = next((p for p in rules.phases if p.id == view.get("phase")), None)
    limit = phase.max_proposals if phase is not None else 0
    if int(view.get("proposals", 0)) >= limit:
        return _refused(
            "proposal_limit", f"no more than {limit} proposal{'s' * (limit != 1)} a hand"
        )
    return None


def _term(rules: Ruleset, view: dict[str, Any], side: str, term: str) -> Refused | None:
    """Why `term` (with its default parameters) may not be offered now, if the view says."""
    if any(choice["term"] == term for deal in view.get("deals", []) for choice in deal["terms"]):
        return _refused("term_in_force", f"{term} is already in force")
    spec = rules.terms[term]
    if spec.requires is None:
        return None
    private = view.get("sides", {}).get(side, {}).get("private") or {}
    names: dict[str, int] = {**view.get("public", {}), **private, **view.get("counters", {})}
    names.update(
        round=int(view.get("round", 0)),
        rounds=int(view.get("rounds", 0)),
        stake=int(view.get("stake", 0)),
        deals_in_force=len(view.get("deals", [])),
    )
    names.update({name: param.default for name, param in spec.params.items()})
    try:
        expression = rules.expression(spec.requires)
        if not expression.names <= names.keys() or rules.evaluator.holds(expression, names):
            return None  # holds, or only the server can tell
    except ExpressionError:
        return None
    return _refused("term_not_available", f"{term} needs {spec.requires}")
