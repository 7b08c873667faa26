"""What two strangers stumbled on playing a room by its invite link (a probe of the README's first
command, a laptop in English and a phone in traditional Chinese): the phone's page turned English
when it joined the room created in English; the log told a called bluff's loser "Beijing folded:";
a player waiting for the other side was shown the moves as if they were its own to make; a
"Team only" box offered a team chat that reached nobody in a room of two; the end screen's scores
broke 華盛頓 in two at phone width; the talks' moves were screens below a phone's banner; and the
room's link opened again in a new tab offered only to watch, the seat "taken" by this browser
(said "(已有人: Ada)", half-width in Chinese, as were the replay's "視角:" and "遊戲結束: ").

Real Chromium, a real server and Redis; the other side is the Python client where it is one."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Browser, expect
from web.snap import snap
from web.test_browser import page_errors
from web.test_multi_card import stacked_table

from client.connection import BrinkClient
from server.engine.commands import CallBluff, Fold, PassTalks
from server.live.hub import Hub
from server.ruleset.schema import Side


async def test_a_chinese_browser_stays_in_chinese_in_a_room_created_in_english(
    system_chromium: Browser, web_url: str
) -> None:
    laptop = await system_chromium.new_context()
    ada = await laptop.new_page()
    await ada.goto(web_url)
    await ada.fill("#create-name", "Ada")
    await ada.click("#create-btn")
    await expect(ada.locator("#lobby")).to_be_visible()
    code = await ada.evaluate("window.brink.state.room.code")
    assert await ada.evaluate("window.brink.state.lang") == "en"

    phone = await system_chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-TW"
    )
    xiaoming = await phone.new_page()
    errors: list[str] = []
    xiaoming.on("pageerror", lambda error: errors.append(str(error)))
    await xiaoming.goto(f"{web_url}/?room={code}")
    await expect(xiaoming.locator("#join-btn")).to_have_text("加入")
    # in Chinese punctuation (it read "(已有人: Ada)")
    await expect(xiaoming.locator("label:has(#join-seat-washington) small")).to_have_text(
        "（已有人：Ada）"
    )
    await xiaoming.fill("#join-name", "小明")
    await xiaoming.click("#join-btn")
    await xiaoming.wait_for_selector("#table:not([hidden])")
    # the table is in Chinese, as the landing page was (it turned English)
    await expect(xiaoming.locator("#turn-text")).to_have_text("等待華盛頓……")
    await expect(xiaoming.locator("#leave")).to_have_text("離開")
    assert await xiaoming.evaluate("document.documentElement.lang") == "zh-Hant"
    # and the room's creator still reads English
    await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
    assert errors == []
    await phone.close()
    await laptop.close()


async def test_an_english_browser_stays_in_english_in_a_room_created_in_chinese(
    system_chromium: Browser, web_url: str
) -> None:
    # the other way round (the Chinese phone creates, its form's language 中文); a browser in
    # neither language still opens the room in the room's language
    phone = await system_chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-TW"
    )
    xiaoming = await phone.new_page()
    await xiaoming.goto(web_url)
    await xiaoming.fill("#create-name", "小明")
    await xiaoming.click("#create-btn")
    await expect(xiaoming.locator("#lobby")).to_be_visible()
    code = await xiaoming.evaluate("window.brink.state.room.code")
    for locale, seat, waiting in (
        ("en-US", "beijing", "Waiting for Washington…"),
        ("fr-FR", "spectator", "等待華盛頓……"),
    ):
        context = await system_chromium.new_context(locale=locale)
        page = await context.new_page()
        await page.goto(f"{web_url}/?room={code}")
        await page.fill("#join-name", "Ada")
        await page.check(f"#join-seat-{seat}")
        await page.click("#join-btn")
        await page.wait_for_selector("#table:not([hidden])")
        await expect(page.locator("#turn-text")).to_have_text(waiting)
        await context.close()
    await phone.close()


def threat_decks(hub: Hub) -> dict[Side, list[str]]:
    """Intro decks, Washington's first hand holding the 100% tariff threat (played face down)."""
    decks = hub.scenarios["intro"].scenario.decks
    top: dict[Side, list[str]] = {"washington": ["us_tariff_threat_100"], "beijing": []}
    return {
        side: [*top[side], *(c for c in getattr(decks, side) if c not in top[side])] for side in top
    }


async def test_a_called_bluff_is_told_as_a_hand_lost_and_the_waiting_side_told_it_waits(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    table = stacked_table(system_chromium, redis_url, tmp_path, threat_decks, "intro")
    async with table as (page, bo):
        # a room of two: no teammate on either side, so no team chat to offer
        await expect(page.locator("#chat-form")).to_be_visible()
        await expect(page.locator("#team-wrap")).to_be_hidden()
        await page.click("#bluff-us_tariff_threat_100")
        # Washington waits for Beijing: the banner says so, not the moves as if they were its own
        await expect(page.locator("#turn-text")).to_have_text("Waiting for Beijing…")
        await expect(page.locator("#turn-hint")).to_have_text(
            "Beijing chooses now; your moves come back when it has."
        )
        await bo.wait_for(lambda v: v["to_act"] == "beijing")
        await bo.act(CallBluff())
        await bo.wait_for(lambda v: v["phase_kind"] == "talks")
        # the loser's fold effects follow a called bluff too: nobody folded
        lost = page.locator("#log li", has_text="loses the hand:")
        await expect(lost).to_have_count(1)
        await expect(page.locator("#log li", has_text="folded")).to_have_count(0)
        await expect(page.locator("#log li", has_text="folds")).to_have_count(0)
        await page.click("#lang-zh")
        await expect(page.locator("#log li", has_text="輸掉這一局：")).to_have_count(1)
        await expect(page.locator("#log li", has_text="棄牌：")).to_have_count(0)
        await snap(page.locator("#log"), shots / "called-bluff-log-zh.png")

        # a teammate sits down for Washington: the team chat is offered
        async with BrinkClient(bo.url, "Cy") as cy:
            await cy.join(
                await page.evaluate("window.brink.state.room.code"), "washington:treasury"
            )
            await expect(page.locator("#team-wrap")).to_be_visible()
        assert page_errors(page) == []


async def test_the_side_names_of_the_scores_stay_whole_on_a_phone_in_chinese(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada:
        room = await ada.create_room("intro", language="zh", timers=False)
        await ada.join(room.code, "washington")
        phone = await system_chromium.new_context(
            viewport={"width": 390, "height": 844},
            locale="zh-TW",
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
        )
        page = await phone.new_page()
        await page.goto(f"{web_url}/?room={room.code}")
        await page.fill("#join-name", "小明")
        await page.click("#join-btn")
        await page.wait_for_selector("#table:not([hidden])")
        # three hands: whoever bets first folds, and both pass in the talks
        for hand in (1, 2, 3):
            view = await ada.wait_for(lambda v, h=hand: v["round"] == h and v["to_act"])
            if view["to_act"] == "washington":
                await ada.act(Fold())
            else:
                await page.click("#act-fold:enabled")
            await ada.wait_for(lambda v: v["phase_kind"] == "talks")
            await ada.act(PassTalks())
            if hand == 1:
                # the talks' moves are screens down, under the hand: the banner goes there
                await expect(page.locator("#act-pass")).not_to_be_in_viewport()
                await page.click("#to-talks")
                await expect(page.locator("#act-pass")).to_be_in_viewport()
                await page.screenshot(path=shots / "talks-phone-zh.png")
            await page.click("#act-pass:enabled")
        await expect(page.locator(".score-table")).to_be_visible()
        # each side's name is on one line (華盛頓 was broken after 華盛 by the narrow column)
        lines = await page.evaluate(
            """() => [...document.querySelectorAll('.score-table tbody th')].map((th) => {
                const text = [...th.querySelectorAll('*'), th].flatMap((e) => [...e.childNodes])
                  .find((n) => n.nodeType === 3 && /華盛頓|北京/.test(n.textContent));
                const range = document.createRange();
                range.selectNodeContents(text);
                return [text.textContent, range.getClientRects().length];
            })"""
        )
        assert lines == [["華盛頓", 1], ["北京", 1]]
        await snap(page.locator(".score-table"), shots / "end-scores-zh-phone.png")
        # its replay, at the end, says it in Chinese punctuation too (it read "視角:", "遊戲結束: ")
        await page.goto(f"{web_url}/?game={room.code}&as=beijing")
        await expect(page.locator(".rp-label")).to_have_text(["視角：", "跳到："])
        await page.keyboard.press("End")
        await expect(page.locator("#rp-status .turn-text")).to_have_text(re.compile("^遊戲結束："))
        await expect(page.locator("#rp-status .turn-hint")).to_have_text(
            re.compile("^得分：華盛頓")
        )
        await phone.close()


async def test_the_rooms_link_opened_in_a_new_tab_offers_the_way_back_to_the_seat(
    system_chromium: Browser, web_url: str
) -> None:
    # the game's tab was closed mid-game; the link opened again offered only to watch ("taken:
    # Ada", Ada being this browser)
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Bo") as bo:
        room = await bo.create_room("intro", timers=False)
        await bo.join(room.code, "beijing")
        context = await system_chromium.new_context()
        first = await context.new_page()
        await first.goto(f"{web_url}/?room={room.code}")
        await first.fill("#join-name", "Ada")
        await first.click("#join-btn")
        await expect(first.locator("#turn-text")).to_have_text("Your turn — Washington")
        await first.click("#act-check")
        await bo.wait_for(lambda v: v["to_act"] == "beijing")
        await first.close()

        again = await context.new_page()
        await again.goto(f"{web_url}/?room={room.code}")
        await expect(again.locator("#join-seats label.pick.washington")).to_contain_text(
            "yours, as Ada: take it back"
        )
        await again.check("#join-seat-washington")
        await again.click("#join-btn")
        await expect(again.locator("#table")).to_be_visible()
        await expect(again.locator("#turn-text")).to_have_text("Waiting for Beijing…")
        await expect(again.locator("#log")).to_contain_text("Washington checks.")
        assert await again.evaluate("window.brink.state.room.seat") == "washington"
        # another tab may still take the other seat, or watch, by the same link
        other = await context.new_page()
        await other.goto(f"{web_url}/?room={room.code}")
        await other.check("#join-seat-spectator")
        await other.click("#join-btn")
        await expect(other.locator("#turn-text")).to_have_text("Waiting for Beijing…")
        await context.close()


async def test_the_table_before_the_other_player_comes_leads_back_to_the_invite_link(
    system_chromium: Browser, web_url: str
) -> None:
    # "Go to the table" before the friend came left no way back to the link to send them
    context = await system_chromium.new_context()
    page = await context.new_page()
    await page.goto(web_url)
    await page.fill("#create-name", "Ada")
    await page.click("#create-btn")
    await expect(page.locator("#invite-link, #lobby input[readonly]").first).to_be_visible()
    await page.click("#to-table")
    await expect(page.locator("#turn-text")).to_have_text("Waiting for both sides to sit down")
    await page.click("#to-lobby")
    await expect(page.locator("#lobby")).to_be_visible()
    code = await page.evaluate("window.brink.state.room.code")
    await expect(page.locator("#lobby input[readonly]").first).to_have_value(
        re.compile(rf"/\?room={code}$")
    )
    await context.close()
