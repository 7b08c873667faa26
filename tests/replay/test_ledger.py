"""The words-and-deeds ledger on hand-made logs with known threats, bluffs and deals."""

from __future__ import annotations

from server.engine import events as ev
from server.engine.commands import TermChoice
from server.protocol import Entry
from server.replay.ledger import ledger


def _log(*events: ev.Event) -> list[Entry]:
    return [Entry(n=n, event=event) for n, event in enumerate(events, 1)]


def test_a_called_bluff_a_backed_threat_and_an_untested_one() -> None:
    book = ledger(
        _log(
            ev.RoundStarted(round=1),
            ev.CardPlayedFaceDown(side="washington", slot=0, card="us_tariff_threat_100"),
            ev.BluffCalled(side="beijing", slot=0),  # the side that calls
            ev.CardRevealed(side="washington", slot=0, card="us_tariff_threat_100", backed=False),
            ev.HandWon(side="beijing", stake=3, how="bluff_caught"),
            ev.RoundStarted(round=2),
            ev.CardPlayedFaceDown(side="beijing", slot=0, card=None),
            ev.BluffCalled(side="washington", slot=0),
            ev.CardRevealed(side="beijing", slot=0, card="cn_ree_seven", backed=True),
            ev.RoundStarted(round=3),
            ev.CardPlayedFaceDown(side="beijing", slot=1, card=None),
            ev.Folded(side="washington"),
            ev.HandWon(side="beijing", stake=2, how="fold"),
        )
    )
    first, second, third = book["threats"]
    assert (first["hand"], first["side"], first["status"], first["backed"]) == (
        1,
        "washington",
        "called",
        False,
    )
    assert (first["settled_at"], first["revealed_at"]) == (3, 4), "called, then shown"
    assert (second["card"], second["status"], second["backed"]) == ("cn_ree_seven", "called", True)
    assert (third["card"], third["status"], third["backed"]) == (None, "not_called", None)
    assert third["settled_at"] == 13, "settled when the hand was won by the fold"
    assert book["folds"] == [{"n": 12, "hand": 3, "side": "washington", "forced": False}]


def test_deals_kept_broken_and_still_in_force() -> None:
    truce = [TermChoice(term="tariff_truce", params={})]
    book = ledger(
        _log(
            ev.RoundStarted(round=1),
            ev.DealStruck(deal=1, proposed_by="washington", terms=truce, expires_after=2),
            ev.DealStruck(deal=2, proposed_by="beijing", terms=truce, expires_after=3),
            ev.RoundStarted(round=2),
            ev.DealBroken(deal=2, side="washington", card="us_tariff_50"),
            ev.DealExpired(deal=1),
            ev.RoundStarted(round=3),
            ev.DealStruck(deal=3, proposed_by="beijing", terms=truce, expires_after=4),
        )
    )
    kept, broken, standing = book["deals"]
    assert (kept["status"], kept["ended_at"]) == ("kept", 6)
    assert (broken["status"], broken["by"], broken["card"], broken["ended_at"]) == (
        "broken",
        "washington",
        "us_tariff_50",
        5,
    )
    assert (standing["status"], standing["hand"]) == ("in_force", 3)
    assert book["threats"] == [] and book["folds"] == []


def test_deals_are_numbered_in_the_order_struck_not_by_their_ids() -> None:
    """A deal's id is the accepted proposal's, drawn from the ids face-down cards take too: the
    first deal of a game after two threats is deal 3, and the replay showed "Deal 3". The ledger
    numbers them 1, 2, … as struck (`number`), and keeps the id (`deal`)."""
    truce = [TermChoice(term="tariff_truce", params={})]
    book = ledger(
        _log(
            ev.RoundStarted(round=1),
            ev.CardPlayedFaceDown(side="washington", slot=0, card=None),
            ev.CardPlayedFaceDown(side="beijing", slot=1, card=None),
            ev.DealStruck(deal=3, proposed_by="beijing", terms=truce, expires_after=1),
            ev.RoundStarted(round=2),
            ev.DealStruck(deal=7, proposed_by="washington", terms=truce, expires_after=3),
        )
    )
    assert [(d["number"], d["deal"]) for d in book["deals"]] == [(1, 3), (2, 7)]
