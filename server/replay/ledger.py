"""The words-and-deeds ledger of a game: every threat made face down (called or not, what it
hid, whether it was backed), every deal struck (kept, broken — by whom, with what, when — or
still in force) and every fold. A deal's `number` counts the deals in the order struck (1, 2, …:
what people are shown); its `deal` is the engine's id, the accepted proposal's (the first deal
of a game may be 3). Worked out from the log alone, deterministically, from the entries a viewer
saw (a side's ledger never names a card that side never saw)."""

from __future__ import annotations

from typing import Any

from server.engine import events as ev
from server.engine.state import other
from server.protocol import Entry


def ledger(entries: list[Entry]) -> dict[str, list[dict[str, Any]]]:
    """Return the ledger of `entries` (a viewer's, in log order)."""
    threats: list[dict[str, Any]] = []
    open_threats: dict[tuple[str, int], dict[str, Any]] = {}
    deals: dict[int, dict[str, Any]] = {}
    folds: list[dict[str, Any]] = []
    hand = 0
    for entry in entries:
        event = entry.event
        if event is None:
            continue
        if isinstance(event, ev.RoundStarted):
            hand = event.round
            for threat in open_threats.values():
                threat["status"] = threat["status"] or "not_called"
            open_threats.clear()
        elif isinstance(event, ev.CardPlayedFaceDown):
            threat = {
                "n": entry.n,
                "hand": hand,
                "side": event.side,
                "card": event.card,
                "status": None,
                "backed": None,
                "settled_at": None,
                "revealed_at": None,
            }
            threats.append(threat)
            open_threats[(event.side, event.slot)] = threat
        elif isinstance(event, ev.BluffCalled):  # `side` calls the other side's card
            found = open_threats.get((other(event.side), event.slot))
            if found is not None:
                found["status"], found["settled_at"] = "called", entry.n
        elif isinstance(event, ev.CardRevealed):
            found = open_threats.get((event.side, event.slot))
            if found is not None:
                found["card"], found["backed"] = event.card, event.backed
                found["revealed_at"] = entry.n
                found["status"] = found["status"] or "revealed"
                found["settled_at"] = found["settled_at"] or entry.n
        elif isinstance(event, ev.HandWon):
            for threat in open_threats.values():
                if threat["status"] is None:
                    threat["status"], threat["settled_at"] = "not_called", entry.n
        elif isinstance(event, ev.DealStruck):
            deals[event.deal] = {
                "deal": event.deal,
                "number": len(deals) + 1,
                "n": entry.n,
                "hand": hand,
                "proposed_by": event.proposed_by,
                "terms": [term.model_dump(mode="json") for term in event.terms],
                "expires_after": event.expires_after,
                "status": "in_force",
                "by": None,
                "card": None,
                "ended_at": None,
            }
        elif isinstance(event, ev.DealBroken) and event.deal in deals:
            deals[event.deal].update(
                status="broken", by=event.side, card=event.card, ended_at=entry.n
            )
        elif isinstance(event, ev.DealExpired) and event.deal in deals:
            if deals[event.deal]["status"] == "in_force":
                deals[event.deal].update(status="kept", ended_at=entry.n)
        elif isinstance(event, ev.Folded):
            folds.append({"n": entry.n, "hand": hand, "side": event.side, "forced": event.forced})
    return {"threats": threats, "deals": list(deals.values()), "folds": folds}
