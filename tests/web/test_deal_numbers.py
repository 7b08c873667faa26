"""Deals are numbered as people count them: in the order they were struck (Deal 1, Deal 2, …) or
named by their terms, never by their id (the engine's: the accepted proposal's, which shares its
count with the face-down cards, so a game's first deal was shown as "Deal 2" or "協議 3").

A finished classroom game kept as the server keeps it (dove against planner_classic, seed 11:
three deals struck, ids 2, 4 and 6, the third broken), opened by the instructor who made it in a
real Chromium on a real server and Redis: the replay's ledger, the debrief's broken deals, and
the log's narrator telling two deals of one name apart."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from classkit import add_instructor
from playwright.async_api import expect
from recordkit import RULES, seeded_game
from serverkit import start_server
from web.snap import snap
from web.test_debrief_browser import sign_in
from web.test_replay import LAPTOP, Open, open_page, page_errors, violations

from server.replay.record import read_record, summary_of
from server.storage.games import Games
from server.web.appkeys import REDIS

__all__ = ["open_page"]  # the fixture, shared with test_replay.py

CODE = "KQ7X2M"


@pytest.fixture
async def dealt(redis_url: str, tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    """A server and Ms Li's finished game with three deals, the last broken; the base URL, the
    deals' ids in the order struck and the broken one's terms' names."""
    runner, url = await start_server(redis_url, tmp_path)
    await add_instructor(redis_url, "ms_li")
    bots = {"washington": "dove", "beijing": "planner_classic"}
    text = seeded_game(RULES["classroom"], 11, bots, CODE, {"washington": "Ada", "beijing": "Bo"})
    header = read_record(text, CODE).header
    await Games(runner.app[REDIS]).keep(
        CODE, text, json.dumps(summary_of(header, {}, "", owner="ms_li")), header.ended or 0
    )
    events = [json.loads(line).get("event") or {} for line in text.splitlines()[1:]]
    struck = [e for e in events if e.get("type") == "deal_struck"]
    broken = next(e for e in events if e.get("type") == "deal_broken")
    terms = next(e["terms"] for e in struck if e["deal"] == broken["deal"])
    rules = RULES["classroom"]
    names = [rules.terms[t["term"]].name for t in terms]
    assert [e["deal"] for e in struck] != list(range(1, len(struck) + 1)), "ids unlike numbers"
    yield {
        "base": url.replace("ws://", "http://").removesuffix("/ws"),
        "ids": [e["deal"] for e in struck],
        "broken": broken["deal"],
        "en": " + ".join(n.en for n in names),
        "zh": " + ".join(n.zh for n in names),
    }
    await runner.cleanup()


async def test_the_replay_ledger_numbers_deals_in_the_order_struck(
    open_page: Open, dealt: dict[str, Any], shots: Path
) -> None:
    _, page = await open_page(LAPTOP)
    await sign_in(page, dealt["base"])
    page_errors(page).clear()  # the page asks who is signed in before: 401
    await page.goto(
        f"{dealt['base']}/?game={CODE}&as=all&step=9999"
    )  # at its end: every deal struck
    rows = page.locator("#rp-ledger .lg-row.deal b")
    await expect(rows).to_have_count(len(dealt["ids"]))
    # it read "Deal 2", "Deal 4", "Deal 6": the proposals' ids
    await expect(rows).to_have_text([f"Deal {k}" for k in range(1, len(dealt["ids"]) + 1)])
    await snap(page.locator("#rp-ledger"), shots / "deal-numbers-ledger.png")
    await page.click("#lang-zh")
    await expect(rows).to_have_text([f"協議 {k}" for k in range(1, len(dealt["ids"]) + 1)])
    assert page_errors(page) == []
    assert await violations(page) == []


async def test_the_debrief_names_a_broken_deal_by_its_terms(
    open_page: Open, dealt: dict[str, Any], shots: Path
) -> None:
    _, page = await open_page(LAPTOP)
    await sign_in(page, dealt["base"])
    page_errors(page).clear()  # the page asks who is signed in before: 401
    await page.goto(f"{dealt['base']}/?debrief&rooms={CODE}")
    broken = page.locator("#db-deals .db-list li").first
    # it read "Beijing broke deal 6 with …"
    await expect(broken).to_contain_text(f"broke the deal ‘{dealt['en']}’ with ")
    await expect(broken).not_to_contain_text(f"deal {dealt['broken']}")
    await snap(page.locator("#db-deals"), shots / "deal-numbers-debrief.png")
    await page.click("#lang-zh")
    await expect(broken).to_contain_text(f"違反協議「{dealt['zh']}」")
    assert page_errors(page) == []


TWINS = """async () => {
  const { makeNarrator } = await import("/static/narrate.js");
  const truce = [{ term: "tariff_truce", params: {} }];
  const struck = (deal, side, end) =>
    ({ type: "deal_struck", deal, proposed_by: side, terms: truce, expires_after: end });
  const out = [];
  for (const lang of ["en", "zh"]) {
    const say = makeNarrator(window.brink.state.rules, lang);
    say({ type: "game_started" }, {});
    say(struck(3, "beijing", 2), {});
    say(struck(5, "washington", 1), {});
    out.push(say({ type: "deal_expired", deal: 5 }, {})[0]);
    out.push(say({ type: "deal_broken", deal: 9, side: "beijing", card: "cn_tariff_34" }, {})[0]);
  }
  return out;
}"""
"""The web log's narrator (narrate.js, in the page) told two deals in force with one name: the
second by its number in the order struck (it gave the id, 5), and a deal struck before the
events it was given as "a deal" (it gave the id, 9)."""


async def test_the_log_tells_two_deals_of_one_name_apart_by_their_order(
    open_page: Open, dealt: dict[str, Any]
) -> None:
    _, page = await open_page(LAPTOP)
    await sign_in(page, dealt["base"])
    page_errors(page).clear()  # the page asks who is signed in before: 401
    await page.goto(
        f"{dealt['base']}/?game={CODE}&as=all&step=9999"
    )  # at its end: every deal struck
    await expect(page.locator("#rp-ledger .lg-row.deal").first).to_be_visible()
    lines = await page.evaluate(TWINS)
    card = RULES["classroom"].cards["cn_tariff_34"].name
    assert lines == [
        "The deal ‘Tariff truce’ (deal 2) expires.",
        f"Beijing breaks a deal by playing {card.en}.",
        "協議「關稅休戰」（協議 2）到期。",
        f"北京打出「{card.zh}」，違反一項協議。",
    ]
    assert page_errors(page) == []
