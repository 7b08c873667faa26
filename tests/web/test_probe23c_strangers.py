"""What two strangers met playing in the web client for the first time (probe23c): the link of a
room that is not there (a mistyped code, a room gone a day after its last use) opened the join
form as if all were well, and said so only once a name was typed and Join pressed; a double
click on a move, on Rematch or on Accept sent it twice, the second refused in red with a reason
that made no sense; a laptop gone offline kept saying "connected", its moves live; on a phone,
Play a bot opened the table as far down as the landing page had been scrolled; and Join pressed
before the page had looked the room up sent the first seat, taken.

Real Chromium, a real server and Redis."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from playwright.async_api import Browser, Page, Route, expect
from web.probekit import LAPTOP
from web.test_browser import play_out

from client.connection import BrinkClient


async def test_a_link_to_no_room_says_so_as_it_opens(
    system_chromium: Browser, web_url: str
) -> None:
    phone = await system_chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-TW"
    )
    page = await phone.new_page()
    await page.goto(f"{web_url}/?room=ZZZZZZ")
    await expect(page.locator("#join-gone")).to_contain_text("沒有這個代碼的房間")
    # in the page's language, redrawn with it
    await page.click("#lang-en")
    await expect(page.locator("#join-gone")).to_contain_text("No room has this code")
    # typing another code takes the line away; a real room's code shows its seats
    await page.fill("#join-code", "ABC")
    await expect(page.locator("#join-gone")).to_have_count(0)
    await page.fill("#join-code", "QQQQQQ")
    await expect(page.locator("#join-gone")).to_be_visible()
    await phone.close()


async def seated_pair(browser: Browser, web_url: str) -> tuple[Page, Page, list[dict[str, Any]]]:
    """Ada (a laptop, English) creates a room and Xiaoming (a phone, Chinese) joins by its link;
    return both pages and the frames Ada's page sends."""
    laptop = await browser.new_context(viewport=LAPTOP)  # type: ignore[arg-type]
    ada = await laptop.new_page()
    sent: list[dict[str, Any]] = []
    ada.on(
        "websocket",
        lambda socket: socket.on("framesent", lambda payload: sent.append(json.loads(payload))),
    )
    await ada.goto(web_url)
    await ada.fill("#create-name", "Ada")
    await ada.click("#create-btn")
    await expect(ada.locator("#lobby")).to_be_visible()
    code = await ada.evaluate("window.brink.state.room.code")
    phone = await browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-TW")
    xiaoming = await phone.new_page()
    await xiaoming.goto(f"{web_url}/?room={code}")
    await xiaoming.fill("#join-name", "小明")
    await xiaoming.click("#join-btn")
    for page in (ada, xiaoming):
        await page.wait_for_selector("#table:not([hidden])")
    await ada.wait_for_function(YOUR_TURN)
    return ada, xiaoming, sent


YOUR_TURN = (
    "() => { const S = window.brink.state; return !!(S.options && S.options[S.room.seat]); }"
)


async def test_a_double_click_on_a_move_sends_it_once(
    system_chromium: Browser, web_url: str
) -> None:
    ada, xiaoming, sent = await seated_pair(system_chromium, web_url)
    await ada.dblclick("#act-check")
    await xiaoming.wait_for_function(YOUR_TURN)
    # Beijing checks back: the betting is over, the talks begin
    await xiaoming.dblclick("#act-check")
    await ada.wait_for_function("() => window.brink.state.view.phase_kind === 'talks'")
    acts = [m for m in sent if m.get("type") == "act"]
    assert [m["command"]["type"] for m in acts] == ["check"]
    # no refusal told for a click nobody meant twice ("It is the other side's turn")
    for page in (ada, xiaoming):
        await expect(page.locator("#toast")).to_be_hidden()


async def test_a_page_gone_offline_says_so_and_is_back_with_the_network(
    system_chromium: Browser, web_url: str
) -> None:
    # the laptop's wifi goes: its socket stayed open, the page said "connected" with its moves
    # live, and what the other side did went unseen until the network came back
    ada, xiaoming, sent = await seated_pair(system_chromium, web_url)
    await ada.context.set_offline(True)
    await expect(ada.locator("#conn")).to_have_text("reconnecting…")
    await expect(ada.locator("#act-check")).to_be_disabled()
    await ada.context.set_offline(False)
    await expect(ada.locator("#conn")).to_have_text("connected")
    await ada.click("#act-check")
    await xiaoming.wait_for_function(YOUR_TURN)
    assert [m["command"]["type"] for m in sent if m.get("type") == "act"] == ["check"]


async def test_a_double_click_on_rematch_and_accept_asks_once(
    system_chromium: Browser, web_url: str
) -> None:
    ada, xiaoming, sent = await seated_pair(system_chromium, web_url)
    received: list[dict[str, Any]] = []
    ada.on(
        "websocket",
        lambda socket: socket.on(
            "framereceived", lambda payload: received.append(json.loads(payload))
        ),
    )
    room = await ada.evaluate("window.brink.state.room.code")
    await play_out([ada, xiaoming])
    await ada.dblclick("#rematch")
    await expect(xiaoming.locator("#rematch-decline")).to_be_visible()
    await xiaoming.dblclick("#rematch-decline")
    await expect(ada.locator("#rematch-status")).to_contain_text("小明")
    await xiaoming.click("#rematch")
    await ada.dblclick("#rematch-accept")
    await ada.wait_for_function("code => window.brink.state.room.code !== code", arg=room)
    asked = [m["type"] for m in sent if m.get("type") in ("rematch", "decline_rematch")]
    assert asked == ["rematch", "rematch"], "one offer, one acceptance"
    assert [m for m in received if m.get("type") == "error"] == []
    await expect(ada.locator("#toast")).to_be_hidden()


async def test_a_phone_opens_the_table_at_its_top(system_chromium: Browser, web_url: str) -> None:
    # Play a bot is screens down a phone's landing page: the table opened scrolled as far,
    # at the talks, the banner (whose turn) out of sight
    phone = await system_chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-TW"
    )
    page = await phone.new_page()
    await page.goto(web_url)
    await page.fill("#bot-name", "小明")
    await page.locator("#bot-btn").scroll_into_view_if_needed()
    assert await page.evaluate("window.scrollY") > 844
    await page.click("#bot-btn")
    await page.wait_for_selector("#table:not([hidden])")
    await expect(page.locator("#banner")).to_be_in_viewport()
    assert await page.evaluate("window.scrollY") == 0
    await phone.close()


async def test_join_pressed_before_the_room_is_looked_up_takes_the_free_seat(
    system_chromium: Browser, web_url: str
) -> None:
    # a returning player (the name remembered) presses Join as the link opens, before the page
    # knows the room's seats: the first radio, Washington, was sent, and refused as taken
    async with BrinkClient(web_url.replace("http://", "ws://") + "/ws", "Ada") as ada:
        created = await ada.create_room("intro")
        await ada.join(created.code, "washington")
        phone = await system_chromium.new_context(
            viewport={"width": 390, "height": 844}, locale="zh-TW"
        )
        page = await phone.new_page()
        release = asyncio.Event()

        async def held(route: Route) -> None:  # the lookup answers once Join is pressed
            await release.wait()
            await route.continue_()

        await page.route("**/api/rooms/*", held)
        await page.goto(f"{web_url}/?room={created.code}")
        await page.fill("#join-name", "小明")
        await page.click("#join-btn")
        release.set()
        await page.wait_for_selector("#table:not([hidden])")
        assert await page.evaluate("window.brink.state.room.seat") == "beijing"
        await expect(page.locator("#toast")).to_be_hidden()
        await phone.close()
