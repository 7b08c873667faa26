"""The view and the options as JSON text, built fast: the same documents as
`view(...).model_dump_json()` (views.py defines it and says what each viewer may see) and
`Options.model_dump_json()` (legal.py), made of plain dicts and serialised by orjson. The server
sends a view with every update, one per kind of viewer, and the options of the seat it waits
for: building the pydantic models and dumping them cost ~30 µs a viewer and ~15 µs a seat, this
a fraction of it. tests/engine/test_view_json.py holds them to the same documents over whole
games of every scenario.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import BaseModel

from server.engine.legal import Refused
from server.engine.progress import finished
from server.engine.state import GameState
from server.engine.views import Viewer, sees_side
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side

_PLAIN: dict[int, tuple[BaseModel, Any]] = {}
"""id(model) -> (the model, its JSON-ready dump): deals, proposals, lasting effects and the
options' refusals are immutable and shared from one state to the next, so each is dumped once.
Holding the model keeps its id from being reused while it is here."""
_PLAIN_MOST = 4096


def _plain(model: BaseModel) -> Any:
    found = _PLAIN.get(id(model))
    if found is not None and found[0] is model:
        return found[1]
    if len(_PLAIN) >= _PLAIN_MOST:
        _PLAIN.clear()
    plain = model.model_dump(mode="json")
    _PLAIN[id(model)] = (model, plain)
    return plain


class _Shared:
    """What every viewer of one state sees alike, as JSON text made once: the two viewers of
    an update (and its spectators and instructor) share all but their own sides' secrets."""

    def __init__(self, rules: Ruleset, state: GameState) -> None:
        self.rules = rules
        self.state = state
        self.sides: dict[tuple[str, bool], str] = {}
        betting = state.betting
        talks = state.talks
        proposal = talks.proposal if talks else None
        phase = rules.phases[state.phase_index] if state.phase_index >= 0 else None
        self.head = _inner(
            {
                "rules": state.rules,
                "round": state.round,
                "rounds": state.rounds,
                "phase": state.phase,
                "phase_index": state.phase_index,
                "phase_kind": phase.kind if phase else None,
                "turn": state.turn,
                "to_act": state.to_act,
                "news": state.news,
            }
        ) + _public(rules, state.vars)
        self.middle = _inner(
            {
                "stake": betting.stake if betting else 0,
                "facing": bool(betting and betting.facing),
                "checks": betting.checks if betting else 0,
                "bluff_slot": betting.bluff_slot if betting else None,
            }
        )
        self.tail = _inner(
            {
                "proposal": _plain(proposal) if proposal is not None else None,
                "proposals": talks.proposals if talks else 0,
                "passed": sorted(talks.passed) if talks else [],
                "deals": [_plain(deal) for deal in state.deals],
                "lasting": [_plain(effect) for effect in state.lasting],
                "counters": dict(state.counters),
                "seq": state.seq,
                "next_id": state.next_id,
                "outcome": state.outcome,
                "scores": dict(state.scores),
                "objectives_met": dict(state.objectives_met),
            }
        )

    def side(self, side: Side, own: bool) -> str:
        """One side's part of the view, as a viewer that may (`own`) or may not see its hidden
        information sees it."""
        found = self.sides.get((side, own))
        if found is None:
            state = self.state
            hand = state.hands[side]
            betting = state.betting
            document = {
                "hand": list(hand.cards) if own else None,
                "hand_count": len(hand.cards),
                "deck_count": len(hand.deck),
                "objective": hand.objective if own or finished(state) else None,
                "private": _values(state.vars, self.rules.scoped.get(side, ())) if own else None,
                "raises": betting.raises.get(side, 0) if betting else 0,
                "submitted": betting is not None and side in betting.pending,
            }
            found = self.sides[(side, own)] = orjson.dumps(document).decode()
        return found

    def view(self, viewer: Viewer) -> str:
        betting = self.state.betting
        face_down = [
            {"slot": d.slot, "side": d.side, "card": d.card if sees_side(viewer, d.side) else None}
            for d in (betting.face_down if betting else ())
        ]
        sides = ",".join(f'"{side}":{self.side(side, sees_side(viewer, side))}' for side in SIDES)
        return (
            f'{{"viewer":"{viewer}",{self.head},"sides":{{{sides}}},{self.middle},'
            f'"face_down":{orjson.dumps(face_down).decode()},{self.tail}}}'
        )


def _values(variables: dict[str, int], names: tuple[str, ...]) -> dict[str, int]:
    """The values of the variables `names` (one scope's), as the state holds them."""
    return {name: variables[name] for name in names}


_PUBLIC: dict[int, tuple[Ruleset, dict[str, int], str]] = {}
"""id(variables) -> (the rules, the variables, `"public":{…}` of them): a state's variables are
one dict shared by the states after it until a variable changes (evolve copies only what an
event changes), and most moves change none — so the public ones (40 of full_2025's 44) are
picked out and serialised once a change, not once a view. Holding the dict keeps its id from
being reused while it is here."""


def _public(rules: Ruleset, variables: dict[str, int]) -> str:
    """`,"public":{…}`: the public variables' part of a view's head."""
    found = _PUBLIC.get(id(variables))
    if found is not None and found[1] is variables and found[0] is rules:
        return found[2]
    if len(_PUBLIC) >= _PLAIN_MOST:
        _PUBLIC.clear()
    public = _values(variables, rules.scoped.get("public", ()))
    text = f',"public":{orjson.dumps(public).decode()}'
    _PUBLIC[id(variables)] = (rules, variables, text)
    return text


def _inner(document: dict[str, Any]) -> str:
    """`document`'s JSON without its braces, to be put inside another object."""
    return orjson.dumps(document).decode()[1:-1]


_last: _Shared | None = None
"""The last state's shared parts: a commit's update builds its viewers' views one after the
other."""


def view_json(rules: Ruleset, state: GameState, viewer: Viewer) -> str:
    """Return `view(rules, state, viewer).model_dump_json()`'s document, faster."""
    global _last
    shared = _last
    if shared is None or shared.state is not state or shared.rules is not rules:
        shared = _last = _Shared(rules, state)
    return shared.view(viewer)


_REFUSALS: dict[int, tuple[Refused, orjson.Fragment]] = {}
"""id(refusal) -> (the refusal, its JSON as an orjson fragment): the options' refusals are
shared (legal._refused), so each is serialised once and copied into the options as text."""


def _refusal(refused: Refused) -> orjson.Fragment:
    found = _REFUSALS.get(id(refused))
    if found is not None and found[0] is refused:
        return found[1]
    if len(_REFUSALS) >= _PLAIN_MOST:
        _REFUSALS.clear()
    fragment = orjson.Fragment(refused.model_dump_json())
    _REFUSALS[id(refused)] = (refused, fragment)
    return fragment


def _answers(found: dict[str, Refused | None]) -> dict[str, Any]:
    """Each answer: None, or its refusal's JSON made once."""
    return {key: None if refused is None else _refusal(refused) for key, refused in found.items()}


def options_json(seat: str, fields: dict[str, Any]) -> str:
    """Return `{seat: Options(**fields)}` as JSON (`fields` from legal.option_fields)."""
    document = {
        "actions": _answers(fields["actions"]),
        "play": _answers(fields["play"]),
        "bluff": _answers(fields["bluff"]),
        "terms": _answers(fields["terms"]),
        "deal_rounds": fields["deal_rounds"],
        "breaks": fields["breaks"],
    }
    return orjson.dumps({seat: document}).decode()
