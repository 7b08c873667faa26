"""Leaving a table in the middle of a game: the header's Leave asks first (the seat goes to the
next comer, for good), from the keyboard too; the other side's page says plainly that the player
left and the seat is free, in its banner and its log, and that the clock waits until someone
takes the seat. A tester found Leave giving the seat up at once, and Beijing's banner still
saying "Washington chooses now"; then the empty side's turns timing out to default moves."""

from __future__ import annotations

import json

from playwright.async_api import Browser, Page, expect
from web.test_browser import open_page, page_errors


async def seated_pair(browser: Browser, url: str) -> tuple[Page, Page, list[str]]:
    """Ada (English) made a room with timers and sits as Washington, Bo (Chinese) as Beijing;
    the types of the messages Ada's page sends."""
    _, ada = await open_page(browser)
    sent: list[str] = []
    ada.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(json.loads(f)["type"])))
    await ada.goto(url)
    await ada.click("#lang-en")
    await ada.fill("#create-name", "Ada")
    await expect(ada.locator("#create-timers")).to_be_checked()
    await ada.click("#create-btn")
    await expect(ada.locator("#lobby")).to_be_visible()
    code = await ada.evaluate("window.brink.state.room.code")
    _, bo = await open_page(browser)
    await bo.goto(f"{url}/?room={code}")
    await bo.click("#lang-zh")
    await bo.fill("#join-name", "Bo")
    await bo.check("#join-seat-beijing")
    await bo.click("#join-btn")
    await expect(bo.locator("#turn-text")).to_have_text("等待華盛頓……")
    await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
    return ada, bo, sent


async def test_leave_asks_first_and_the_other_side_is_told_the_seat_is_free(
    system_chromium: Browser, web_url: str
) -> None:
    browser = system_chromium
    ada, bo, sent = await seated_pair(browser, web_url)
    dialog = ada.locator("#leave-dialog")

    # asked in the page's language; Escape keeps the seat (nothing is sent)
    await ada.click("#lang-zh")
    await ada.click("#leave")
    await expect(dialog).to_be_visible()
    await expect(ada.locator("#leave-ask")).to_have_text("要離開這局遊戲嗎？")
    await expect(ada.locator("#leave-why")).to_contain_text("遊戲和計時都會暫停")
    await expect(ada.locator("#leave-stay")).to_be_focused()
    await ada.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(ada.locator("#leave")).to_be_focused()
    await ada.click("#lang-en")
    # "Stay at the table" keeps it too
    await ada.locator("#leave").focus()
    await ada.keyboard.press("Enter")
    await expect(ada.locator("#leave-ask")).to_have_text("Leave the game?")
    await expect(ada.locator("#leave-why")).to_contain_text("the game and its clock wait")
    await expect(ada.locator("#leave-stay")).to_be_focused()
    await ada.keyboard.press("Enter")
    await expect(dialog).to_be_hidden()
    await expect(ada.locator("#table")).to_be_visible()
    assert "leave" not in sent
    await expect(bo.locator("#turn-text")).to_have_text("等待華盛頓……")

    # from the keyboard: Tab to "Leave the table", Enter
    await ada.locator("#leave").focus()
    await ada.keyboard.press("Enter")
    await ada.keyboard.press("Tab")
    await expect(ada.locator("#leave-confirm")).to_be_focused()
    await ada.keyboard.press("Enter")
    await expect(ada.locator("#landing")).to_be_visible()
    assert "leave" in sent

    # Beijing's page says so, in its banner and its log, in either language: the clock waits
    # for the empty side (its turns do not time out to default moves meanwhile)
    await expect(bo.locator("#turn-text")).to_have_text("遊戲暫停中")
    await expect(bo.locator("#turn-hint")).to_contain_text("有人入座後繼續計時")
    await expect(bo.locator("#left-note")).to_have_text(
        "華盛頓已離開牌桌：座位空著，其他人可以入座。"
    )
    log = bo.locator("#log li")
    await expect(log.nth(-2)).to_have_text("Ada（華盛頓）已離開牌桌：座位空出來了。")
    await bo.click("#lang-en")
    await expect(bo.locator("#turn-text")).to_have_text("The game is paused")
    await expect(bo.locator("#turn-hint")).to_contain_text(
        "nobody sits for Washington since their player left"
    )
    await expect(bo.locator("#timer")).to_contain_text("paused")
    await expect(log.nth(-2)).to_have_text("Ada (Washington) has left the table: the seat is free.")
    await expect(log.last).to_contain_text("The clock waits: nobody sits for Washington")
    # reloaded, the page did not see who left: the seat is still said to be free; the log (the
    # room's own) still says who left
    await bo.reload()
    await expect(bo.locator("#left-note")).to_contain_text("Nobody sits for Washington")
    await expect(log.nth(-2)).to_have_text("Ada (Washington) has left the table: the seat is free.")
    # someone takes the seat: the clock goes on
    _, cy = await open_page(browser)
    code = await bo.evaluate("window.brink.state.room.code")
    await cy.goto(f"{web_url}/?room={code}")
    await cy.fill("#join-name", "Cy")
    await cy.check("#join-seat-washington")
    await cy.click("#join-btn")
    await expect(cy.locator("#turn-text")).to_contain_text("Your turn")
    await expect(bo.locator("#turn-text")).to_have_text("Waiting for Washington…")
    await expect(bo.locator("#timer")).to_contain_text("time left")
    await expect(log.last).to_have_text("Every side has a player again: the clock goes on.")
    assert page_errors(ada) == [] and page_errors(bo) == [] and page_errors(cy) == []


async def test_leaving_the_lobby_before_anyone_came_asks_nothing(
    system_chromium: Browser, web_url: str
) -> None:
    _, ada = await open_page(system_chromium)
    await ada.goto(web_url)
    await ada.fill("#create-name", "Ada")
    await ada.click("#create-btn")
    await expect(ada.locator("#lobby")).to_be_visible()
    await ada.click("#leave")
    await expect(ada.locator("#landing")).to_be_visible()
    await expect(ada.locator("#leave-dialog")).to_be_hidden()
    assert page_errors(ada) == []
