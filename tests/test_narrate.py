"""How deals are told (server/game/narrate.py, used by `brink play`, `brink replay` and the
simulations): a term's parameters by the names the rules give them, in the reader's language —
they were told by their ids ("TikTok deal (us_share 60)"); a broken deal by its name — it was
told by its number ("breaks deal 1")."""

from __future__ import annotations

from helpers import RULES_DIR, Game

from client.terminal.names import Names
from client.terminal.narration import Narrator
from server.engine import events as ev
from server.engine.commands import (
    AcceptDeal,
    Call,
    Check,
    PassTalks,
    PlayCards,
    ProposeDeal,
    TermChoice,
)
from server.game.narrate import Deals, Language, describe
from server.protocol import Entry
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side


def test_a_terms_parameters_are_told_by_their_names() -> None:
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    terms = [
        TermChoice(term="tiktok_deal", params={"us_share": 60}),
        TermChoice(term="truce_extension", params={"rounds": 3}),
    ]
    event = ev.DealProposed(proposal=1, side="beijing", terms=terms, rounds=2)
    english = describe(rules, event, "en")
    assert english is not None
    assert "TikTok deal (US investors' share 60); Truce extension (Hands added 3)" in english
    assert "us_share" not in english
    chinese = describe(rules, event, "zh")
    assert chinese is not None
    assert "TikTok交易（美方持股比例 60）" in chinese and "延長休戰（延長局數 3）" in chinese
    struck = describe(
        rules, ev.DealStruck(deal=1, proposed_by="beijing", terms=terms, expires_after=4), "en"
    )
    assert struck is not None and "US investors' share 60" in struck


def truce_struck(rounds: int) -> tuple[Ruleset, Game]:
    """A full_2025 game whose hand 1 ends with a tariff truce struck for `rounds` hands (after
    a tariff, called); the rules and the game."""
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    top: dict[Side, list[str]] = {
        "washington": ["us_tariff_34", "us_tariff_50"],
        "beijing": ["cn_tariff_34"],
    }
    decks: dict[Side, list[str]] = {
        side: [*top[side], *(c for c in getattr(rules.scenario.decks, side) if c not in top[side])]
        for side in top
    }
    game = Game(rules, decks=decks)
    game.act("washington", PlayCards(cards=["us_tariff_34"]))
    game.act("beijing", Call())
    game.act("beijing", ProposeDeal(terms=[TermChoice(term="tariff_truce")], rounds=rounds))
    assert game.state.talks is not None and game.state.talks.proposal is not None
    game.act("washington", AcceptDeal(proposal=game.state.talks.proposal.id))
    game.act("washington", PassTalks())
    game.act("beijing", PassTalks())
    return rules, game


def truce_broken() -> tuple[Ruleset, list[ev.Event]]:
    """A full_2025 game in which a tariff truce is struck in hand 1 and Washington breaks it in
    hand 2 with another tariff; the rules and the events."""
    rules, game = truce_struck(2)
    game.act("beijing", Check())
    game.act("washington", PlayCards(cards=["us_tariff_50"]))
    assert [e.type for e in game.log].count("deal_broken") == 1
    return rules, game.log


def told(rules: Ruleset, events: list[ev.Event], lang: Language) -> list[str]:
    deals = Deals()
    return [line for e in events if (line := describe(rules, e, lang, deals)) is not None]


def test_a_broken_deal_is_told_by_its_name_in_the_readers_language() -> None:
    rules, events = truce_broken()
    # it was told by its number: "Washington breaks deal 1 by playing Raise: +50 points."
    assert "Washington breaks the deal ‘Tariff truce’ by playing Raise: +50 points." in told(
        rules, events, "en"
    )
    assert "華盛頓打出「加注：再加徵50個百分點」，違反協議「關稅休戰」。" in told(
        rules, events, "zh"
    )
    # a narration that did not see the deal struck says "a deal": it cannot number it, and its
    # id, the accepted proposal's, is no number anyone was shown (it said "deal 1" here)
    broken = next(e for e in events if isinstance(e, ev.DealBroken))
    alone = describe(rules, broken, "en", Deals())
    assert alone == "Washington breaks a deal by playing Raise: +50 points."
    assert (
        describe(rules, broken, "zh", Deals())
        == "華盛頓打出「加注：再加徵50個百分點」，違反一項協議。"
    )


def test_two_deals_in_force_of_one_name_are_told_apart_by_their_numbers() -> None:
    """Numbered in the order they were struck, not by their ids (the accepted proposals', 3 and
    5 here: the first deal of a game was told "deal 3")."""
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    tiktok = [TermChoice(term="tiktok_deal", params={"us_share": 60})]
    events: list[ev.Event] = [
        ev.DealStruck(deal=3, proposed_by="beijing", terms=tiktok, expires_after=4),
        ev.DealStruck(deal=5, proposed_by="washington", terms=tiktok, expires_after=5),
        ev.DealBroken(deal=5, side="beijing", card="cn_tariff_34"),
        ev.DealBroken(deal=3, side="beijing", card="cn_tariff_34"),
    ]
    lines = told(rules, events, "en")
    card = describe(rules, ev.CardPlayed(side="beijing", card="cn_tariff_34"), "en")
    assert card is not None and card.startswith("Beijing plays ")
    played = card.removeprefix("Beijing plays ").removesuffix(".")
    # deal 2 is told by its number too; deal 1 then alone in force, by its name alone
    assert lines[-2:] == [
        f"Beijing breaks the deal ‘TikTok deal’ (deal 2) by playing {played}.",
        f"Beijing breaks the deal ‘TikTok deal’ by playing {played}.",
    ]
    assert told(rules, events, "zh")[-2].endswith("違反協議「TikTok交易」（協議 2）。")


def test_brink_play_tells_a_broken_deal_by_its_name() -> None:
    rules, events = truce_broken()
    narrator = Narrator(Names(rules, "en"))
    said = [narrator.say(Entry(n=n, event=e)) for n, e in enumerate(events, 1)]
    lines = [text.plain for text in said if text is not None]
    assert "Washington breaks the deal ‘Tariff truce’ by playing Raise: +50 points." in lines
