"""The web client in a real browser (see test_browser.py, whose helpers these tests use): a
dropped connection resumes by itself, the Chinese interface, an illegal action shows its
reason, and quick match pairs two browsers whose keyboard plays."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from web.test_browser import (
    READY,
    click_and_wait,
    create_room,
    join_room,
    open_page,
    page_errors,
    state_n,
)

from client.connection import BrinkClient
from server.engine.commands import Check


async def test_a_dropped_connection_resumes_by_itself(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Script") as script:
        created = await script.create_room("intro", timers=False)
        await script.join(created.code, "washington")
        context, page = await open_page(system_chromium)
        await join_room(page, web_url, created.code, "Li", "beijing")
        await expect(page.locator("#conn")).to_have_text("connected")

        await context.set_offline(True)
        await page.evaluate("window.brink.drop()")
        await expect(page.locator("#conn")).to_have_text("reconnecting…")
        await expect(page.locator(".away-note")).to_contain_text("Your seat is kept")
        await page.screenshot(path=shots / "10-reconnecting.png")
        # the room goes on without us: Washington checks and says something
        await script.act(Check())
        await script.chat("Still there?")
        await context.set_offline(False)
        await expect(page.locator("#conn")).to_have_text("connected", timeout=15_000)
        await expect(page.locator("#log .chat")).to_contain_text("Script: Still there?")
        await expect(page.locator("#turn-text")).to_contain_text("Your turn")
        assert "reconnecting" in await page.evaluate("window.brink.state.statusLog")

        # a reload resumes the seat too (the token is kept in sessionStorage)
        await page.reload()
        await expect(page.locator("#table")).to_be_visible()
        await expect(page.locator("#room-badge")).to_contain_text(f"{created.code} · Beijing")
        await expect(page.locator("#log .chat")).to_contain_text("Script: Still there?")
        await click_and_wait(page, "#act-check")
        await script.wait_for(lambda view: view["phase_kind"] == "talks")
    assert [e for e in page_errors(page) if "ERR_INTERNET_DISCONNECTED" not in e] == []


async def test_the_chinese_interface(system_chromium: Browser, web_url: str, shots: Path) -> None:
    _, page = await open_page(system_chromium)
    await page.goto(web_url)
    await page.click("#lang-zh")
    await expect(page.locator("#create-form h2")).to_have_text("建立房間")
    await expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    await page.screenshot(path=shots / "08-zh-landing.png", full_page=True)
    await page.fill("#bot-name", "小明")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    await expect(page.locator("#tracks h2")).to_have_text("局勢")
    await expect(page.locator("#tracks")).to_contain_text("美國對華關稅")
    await expect(page.locator("#log")).to_contain_text("第 1 局")
    await page.wait_for_selector(READY)
    await expect(page.locator("#turn-text")).to_contain_text("輪到你了")
    await page.evaluate("window.scrollTo(0, 0)")
    await page.screenshot(path=shots / "09-zh-table.png")
    # switch back at any time: the page and the log are redrawn in English
    await page.click("#lang-en")
    await expect(page.locator("#tracks h2")).to_have_text("Where things stand")
    await expect(page.locator("#log")).to_contain_text("Hand 1 of 3")
    await expect(page.locator("#log")).not_to_contain_text("第 1 局")
    assert page_errors(page) == []


async def test_an_illegal_action_shows_its_reason(system_chromium: Browser, web_url: str) -> None:
    _, ada = await open_page(system_chromium)
    _, bo = await open_page(system_chromium)
    code = await create_room(ada, web_url, "Ada")
    await join_room(bo, web_url, code, "Bo", "beijing")
    # offered only when legal, with the engine's reason beside what is not
    await expect(ada.locator("#act-check")).to_be_enabled()
    await expect(ada.locator("#act-check")).to_have_accessible_description(
        "Do nothing this turn; two checks in a row end the betting."
    )
    await expect(ada.locator("#act-call")).to_be_disabled()
    await expect(ada.locator("#act-call-reason")).to_have_text(
        "Why not: There is no raise to call."
    )
    await expect(ada.locator("#act-call_bluff-reason")).to_contain_text("not face down")
    # the side that is not to move is told whom it waits for; nothing is offered
    await expect(bo.locator("#turn-text")).to_have_text("Waiting for Washington…")
    await expect(bo.locator("#act-check")).to_be_disabled()
    # a command the server refuses anyway (sent behind the page's back) is explained too
    await bo.evaluate("window.brink.act({type: 'check'})")
    await expect(bo.locator("#toast")).to_have_text("It is the other side's turn.")
    await bo.click("#lang-zh")
    await bo.evaluate("window.brink.act({type: 'fold'})")
    await expect(bo.locator("#toast")).to_have_text("現在輪到對方。")

    # a spectator sees the table but is offered nothing, and sees no hand
    _, sam = await open_page(system_chromium)
    await sam.goto(f"{web_url}/?room={code}")
    await sam.fill("#join-name", "Sam")
    await sam.check("#join-seat-spectator")
    await sam.click("#join-btn")
    await expect(sam.locator("#turn-text")).to_have_text("Waiting for Washington…")
    await expect(sam.locator(".card-back.washington")).to_have_count(4)
    await expect(sam.locator("#act-check")).to_have_count(0)
    await expect(sam.locator("#chat-form")).to_be_hidden()


async def test_quick_match_pairs_two_browsers_and_the_keyboard_plays(
    system_chromium: Browser, web_url: str
) -> None:
    _, mei = await open_page(system_chromium)
    _, tom = await open_page(system_chromium)
    await mei.goto(web_url)
    await mei.fill("#quick-name", "Mei")
    await mei.click("#quick-btn")
    await expect(mei.locator("#queued h2")).to_have_text("Waiting for an opponent…")
    await tom.goto(web_url)
    await tom.fill("#quick-name", "Tom")
    await tom.click("#quick-btn")
    await expect(mei.locator("#table")).to_be_visible()
    await expect(tom.locator("#table")).to_be_visible()
    sides = {await page.evaluate("window.brink.state.room.seat") for page in (mei, tom)}
    assert sides == {"washington", "beijing"}
    washington = mei if await mei.evaluate("window.brink.state.room.seat") == "washington" else tom
    # keyboard only: focus the move, press Enter
    await washington.focus("#act-check")
    before = await state_n(washington)
    await washington.keyboard.press("Enter")
    await washington.wait_for_function("n => window.brink.state.n > n", arg=before)
    await expect(washington.locator("#log")).to_contain_text("Washington checks.")
    assert page_errors(mei) == []
    assert page_errors(tom) == []
