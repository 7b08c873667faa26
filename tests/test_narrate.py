"""How a deal's terms are told (server/game/narrate.py, used by `brink play`, `brink replay` and
the simulations): a term's parameters by the names the rules give them, in the reader's
language — they were told by their ids ("TikTok deal (us_share 60)")."""

from __future__ import annotations

from helpers import RULES_DIR

from server.engine import events as ev
from server.engine.commands import TermChoice
from server.game.narrate import describe
from server.ruleset.loader import load_ruleset


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
    assert "TikTok交易 (美方持股比例 60)" in chinese and "延長休戰 (延長局數 3)" in chinese
    struck = describe(
        rules, ev.DealStruck(deal=1, proposed_by="beijing", terms=terms, expires_after=4), "en"
    )
    assert struck is not None and "US investors' share 60" in struck
