"""A replay at step N tells what had happened by step N, and no more. Its words-and-deeds ledger
listed the whole game at every step, the later rows only dimmed: at step 10 a deal struck at step
41 read "Deal 1 … still in force" and a fold of hand 2 was there, beside a threat not yet made
"not settled yet". Washington's chance of winning was drawn to the game's end too.

A finished classroom game kept as the server keeps it (planner against planner_classic, seed 15:
Beijing's threat, then Deal 1, later a second deal and Beijing's fold; the steps are read from the
record), opened by the instructor who made it in a real Chromium on a real server and Redis."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from classkit import add_instructor
from playwright.async_api import Page, expect
from recordkit import RULES, seeded_game
from serverkit import start_server
from web.snap import snap
from web.test_debrief_browser import sign_in
from web.test_replay import LAPTOP, Open, open_page, page_errors, violations

from server.replay.record import read_record, summary_of
from server.storage.games import Games
from server.web.appkeys import REDIS

__all__ = ["open_page"]  # the fixture, shared with test_replay.py

CODE = "SF9N2Q"
KINDS = {"card_played_face_down": "threat", "deal_struck": "deal", "folded": "fold"}


@pytest.fixture
async def kept(redis_url: str, tmp_path: Path) -> AsyncIterator[tuple[str, list[tuple[int, str]]]]:
    """A server and Ms Li's finished game; the base URL and the ledger's rows, `(step, kind)` in
    the order of the game (a threat first, then Deal 1, a fold last)."""
    runner, url = await start_server(redis_url, tmp_path)
    await add_instructor(redis_url, "ms_li")
    bots = {"washington": "planner", "beijing": "planner_classic"}
    text = seeded_game(RULES["classroom"], 15, bots, CODE, {"washington": "Ada", "beijing": "Bo"})
    header = read_record(text, CODE).header
    await Games(runner.app[REDIS]).keep(
        CODE, text, json.dumps(summary_of(header, {}, "", owner="ms_li")), header.ended or 0
    )
    rows = []
    for line in text.splitlines()[1:]:
        entry = json.loads(line)
        kind = KINDS.get(str((entry.get("event") or {}).get("type")))
        if kind:
            rows.append((entry["n"], kind))
    kinds = [kind for _, kind in rows]
    assert kinds[:2] == ["threat", "deal"] and kinds[-1] == "fold" and rows[0][0] > 10, rows
    yield url.replace("ws://", "http://").removesuffix("/ws"), rows
    await runner.cleanup()


async def shown_rows(page: Page) -> list[tuple[int, str]]:
    """The ledger's rows the reader sees, each by its step and kind, in the game's order."""
    rows = page.locator("#rp-ledger .lg-row")
    found = [
        (
            int(await row.get_attribute("data-n") or "-1"),
            (await row.get_attribute("class") or "").split()[1],
        )
        for row in await rows.all()
        if await row.is_visible()
    ]
    return sorted(found)


async def at_step(page: Page, n: int) -> None:
    await page.locator("#rp-slider").fill(str(n))
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {n} of")


async def test_the_ledger_shows_only_what_had_happened_by_the_step(
    open_page: Open, kept: tuple[str, list[tuple[int, str]]], shots: Path
) -> None:
    base, rows = kept
    (threat, _), (deal, _) = rows[:2]
    fold = rows[-1][0]
    _, page = await open_page(LAPTOP)
    await sign_in(page, base)
    page_errors(page).clear()  # the page asks who is signed in before: 401
    await page.goto(f"{base}/?game={CODE}&step=10&as=beijing")
    await expect(page.locator("#rp-pos")).to_contain_text("Step 10 of")
    ledger = page.locator("#rp-ledger")
    # nothing had happened yet: no threat, no deal "still in force", no fold of a later hand
    await expect(ledger.locator(".lg-none")).to_have_text(["None so far."] * 3)
    assert await shown_rows(page) == []
    assert "still in force" not in await ledger.inner_text()
    await snap(ledger, shots / "so-far-step10-beijing.png")

    await at_step(page, deal - 1)  # the threat made, Deal 1 not struck yet
    assert await shown_rows(page) == [(threat, "threat")]
    await expect(ledger.locator(".lg-none").nth(1)).to_be_visible()
    await at_step(page, deal)
    await expect(ledger.locator(f'.lg-row.deal[data-n="{deal}"]')).to_contain_text("still in force")
    assert await shown_rows(page) == [(threat, "threat"), (deal, "deal")]
    await expect(ledger.locator(".lg-none").nth(2)).to_have_text("None so far.")  # no fold yet
    await at_step(page, fold - 1)
    assert await shown_rows(page) == rows[:-1]
    await at_step(page, fold)
    assert await shown_rows(page) == rows
    await expect(ledger.locator(".lg-none")).to_have_count(3)
    for none in await ledger.locator(".lg-none").all():
        await expect(none).to_be_hidden()
    await page.click("#lang-zh")
    await expect(ledger.locator(".help")).to_have_text(
        "到這一步為止的每個威脅、協議和棄牌；點一下即跳到那一步。"
    )
    assert page_errors(page) == []
    assert await violations(page) == []


async def test_the_chance_of_winning_is_drawn_up_to_the_step(
    open_page: Open, kept: tuple[str, list[tuple[int, str]]], shots: Path
) -> None:
    base, rows = kept
    deal = rows[1][0]
    _, page = await open_page(LAPTOP)
    await sign_in(page, base)
    page_errors(page).clear()
    await page.goto(f"{base}/?game={CODE}&step={deal}&as=all")
    graph = page.locator("#rp-eval")
    await expect(graph).to_have_attribute("aria-busy", "false", timeout=60_000)
    points = graph.locator("circle.ev-pt")
    ns = [int(await p.get_attribute("data-n") or "-1") for p in await points.all()]
    assert any(n > deal for n in ns) and any(n <= deal for n in ns), ns

    async def drawn() -> tuple[list[int], int]:
        seen = [n for n, p in zip(ns, await points.all(), strict=True) if await p.is_visible()]
        line = await graph.locator("#rp-eval-line").get_attribute("points") or ""
        return seen, len(line.split())

    assert await drawn() == ([n for n in ns if n <= deal], len([n for n in ns if n <= deal]))
    await snap(graph, shots / "so-far-chances-deal1.png")
    await page.keyboard.press("End")
    await expect(page.locator("#rp-pos")).to_contain_text("of")
    await expect(points.last).to_be_visible()
    assert await drawn() == (ns, len(ns))
    assert page_errors(page) == []
