"""The log and the talks say what the engine does, the same way on every page. A fresh player saw
the instructor's (all-seeing) log say "Washington's political capital 3" where Washington's said
"4 → 3 (−1)"; "You draw: Raise: +50 points (104%)" while the card in hand read "(70%)" (a card
is now named alike everywhere, with no figure the game decides); a deal struck in hand 1 for
2 hands "in force to hand 2" (it runs out as hand 2 is settled); and a standstill offered for 3
hands in hand 2 of a 3-hand game, as if the game went on.

Real Chromium, a real server and Redis; Beijing is the Python client, the decks are stacked."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Browser, Page, expect
from serverkit import start_server
from web.snap import snap
from web.test_browser import click_and_wait, open_page, page_errors
from web.test_multi_card import join
from web.trialkit import DECKS

from client.connection import BrinkClient
from server.engine import SYSTEM, apply
from server.engine.commands import Call, Check, PassTalks, ProposeDeal, StartGame, TermChoice
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import event_entries
from server.ruleset.schema import Side
from server.web.appkeys import HUB

US_DECK = "us_h20_controls us_eda_ban us_tariff_34 us_tariff_threat_100 us_tariff_50"
STACKED: dict[Side, list[str]] = {
    "washington": [*US_DECK.split(), "us_truce_extension"],
    "beijing": DECKS["beijing"],
}
"""Intro decks, top card first: Washington opens with the H20 controls (cost 1, no tariff) and
draws "Raise: +50 points" in hand 2, the tariff on China still at 0."""


async def stacked_room_and_key(hub: Hub) -> tuple[str, str]:
    """An intro room without timers dealt `STACKED`: its code and instructor key."""
    rules = hub.scenarios["intro"]
    room, key = await hub.open_room(rules, "en", {}, {}, False)
    start = StartGame(seed=1, decks=STACKED)
    state, events = apply(rules, room.state, SYSTEM, start)
    await hub.graft(room, event_entries(0, "system", start, events, None, now_ms()), state)
    return room.code, key


async def join_as_instructor(page: Page, base: str, code: str, key: str) -> None:
    await page.goto(f"{base}/?room={code}")
    await page.click("details.teacher summary")
    await page.fill("#join-key", key)
    await page.click("#join-btn")
    await page.wait_for_selector("#table:not([hidden])")


async def test_the_logs_and_the_talks_say_what_the_engine_does(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    try:
        code, key = await stacked_room_and_key(runner.app[HUB])
        base = ws_url.replace("ws://", "http://").removesuffix("/ws")
        async with BrinkClient(ws_url, "Bo") as bo:
            await bo.join(code, "beijing")
            _, page = await open_page(system_chromium)
            await join(page, base, code)
            # hand 1: Washington raises with the H20 controls (its capital 4 → 3), Beijing calls
            await click_and_wait(page, "#play-us_h20_controls")
            await bo.wait_for(lambda v: v["to_act"] == "beijing")
            await bo.act(Call())
            await bo.wait_for(lambda v: v["phase_kind"] == "talks")

            # the instructor's log says the change as Washington's does
            _, teacher = await open_page(system_chromium)
            await join_as_instructor(teacher, base, code, key)
            capital = r"Washington's political capital 4 → 3 \(−1\)"
            mine = page.locator("#log li", has_text="political capital").first
            await expect(mine).to_have_text(re.compile(capital))
            seen = teacher.locator("#log li", has_text="political capital").first
            await expect(seen).to_have_text(re.compile(capital))  # it said "… capital 3"
            await snap(teacher.locator("#log"), shots / "log-words-instructor.png")

            # a standstill for 2 hands, struck in hand 1, runs out as hand 2 is settled
            await bo.act(ProposeDeal(terms=[TermChoice(term="standstill")], rounds=2))
            table = page.locator("#proposal p").first
            await expect(table).to_contain_text("for 2 hands (until the end of hand 2)")
            await expect(page.locator("#deal-lasts")).to_have_text("until the end of hand 2")
            # 3 hands from hand 1 of 3 run out as the last hand is settled, before the ending
            # is chosen (it is not in force then): said as that hand, not "the end of the game"
            await page.select_option("#deal-rounds", "3")
            await expect(page.locator("#deal-lasts")).to_have_text("until the end of hand 3")
            await click_and_wait(page, "#act-accept:enabled")
            struck = page.locator("#log li", has_text="Deal struck")
            # it read "(in force to hand 2)"
            await expect(struck).to_have_text(
                "Deal struck: Standstill (in force until the end of hand 2)."
            )
            await click_and_wait(page, "#act-pass:enabled")
            await bo.act(PassTalks())

            # hand 2: the card drawn is told by the name the hand gives it
            await bo.wait_for(lambda v: v["round"] == 2 and v["to_act"] == "beijing")
            title = page.locator("#name-us_tariff_50")
            await expect(title).to_have_text("Raise: +50 points")
            drawn = page.locator("#log li.info").last  # the first told the hand dealt
            await expect(drawn).to_have_text("You draw: Raise: +50 points")  # it said "(104%)"
            await page.click("#lang-zh")
            await expect(drawn).to_have_text("你抽到：加注：再加徵50個百分點")
            await page.click("#lang-en")

            # the talks of hand 2 of 3: a deal of 3 hands would last the 2 left
            await bo.act(Check())
            await click_and_wait(page, "#act-check:enabled")
            await bo.wait_for(lambda v: v["phase_kind"] == "talks")
            lasts = "until the end of the game: 2 hands left"
            await expect(page.locator("#deal-lasts")).to_have_text(lasts)
            await snap(page.locator("#builder"), shots / "log-words-builder.png")
            await page.click("#lang-zh")
            await expect(page.locator("#deal-lasts")).to_have_text("有效至遊戲結束：還剩 2 局")
            assert page_errors(page) == []
            assert page_errors(teacher) == []
    finally:
        await runner.cleanup()
