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
from server.engine.state import GameState
from server.engine.views import Viewer, sees_side
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES

_PLAIN: dict[int, tuple[BaseModel, Any]] = {}
"""id(model) -> (the model, its JSON-ready dump): deals, proposals and lasting effects are
immutable and shared from one state to the next, so each is dumped once. Holding the model keeps
its id from being reused while it is here."""
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


def view_json(rules: Ruleset, state: GameState, viewer: Viewer) -> str:
    """Return `view(rules, state, viewer).model_dump_json()`'s document, faster."""
    scopes = rules.scopes
    variables = state.vars
    betting = state.betting
    phase = rules.phases[state.phase_index] if state.phase_index >= 0 else None
    sides: dict[str, Any] = {}
    for side in SIDES:
        hand = state.hands[side]
        own = sees_side(viewer, side)
        sides[side] = {
            "hand": list(hand.cards) if own else None,
            "hand_count": len(hand.cards),
            "deck_count": len(hand.deck),
            "objective": hand.objective if own or state.finished else None,
            "private": {k: v for k, v in variables.items() if scopes[k] == side} if own else None,
            "raises": betting.raises.get(side, 0) if betting else 0,
            "submitted": betting is not None and side in betting.pending,
        }
    talks = state.talks
    proposal = talks.proposal if talks else None
    document = {
        "viewer": viewer,
        "rules": state.rules,
        "round": state.round,
        "rounds": state.rounds,
        "phase": state.phase,
        "phase_index": state.phase_index,
        "phase_kind": phase.kind if phase else None,
        "turn": state.turn,
        "to_act": state.to_act,
        "news": state.news,
        "public": {k: v for k, v in variables.items() if scopes[k] == "public"},
        "sides": sides,
        "stake": betting.stake if betting else 0,
        "facing": bool(betting and betting.facing),
        "checks": betting.checks if betting else 0,
        "bluff_slot": betting.bluff_slot if betting else None,
        "face_down": [
            {"slot": d.slot, "side": d.side, "card": d.card if sees_side(viewer, d.side) else None}
            for d in (betting.face_down if betting else ())
        ],
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
    return orjson.dumps(document).decode()


def _answers(found: dict[str, Refused | None]) -> dict[str, Any]:
    return {
        key: None if refused is None else {"code": refused.code, "message": refused.message}
        for key, refused in found.items()
    }


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
