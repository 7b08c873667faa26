"""The table's boxes hold what they show (real server and Chromium, phone and laptop widths): a
500-letter chat word, and a long name, wrap inside the log (the log grew 3,532 px wide in a
297 px panel); the instructor key shows in even groups, never a lone "t0" on a line of its own,
and is copied whole; and the results open with the header right above them, the page under them
kept still (scrolled, the header was out of reach and the sticky banner's empty place showed
between them)."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect
from web.test_browser import LAPTOP, PHONE, mei_plays_the_bot, open_page, page_errors, play_out

from client.connection import BrinkClient

WIDTHS = pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
FITS = """() => { const log = document.querySelector('#log');
  const panel = document.querySelector('#logpanel').getBoundingClientRect();
  const line = document.querySelector('#log .chat').getBoundingClientRect();
  return {log: log.scrollWidth <= log.clientWidth, panel: panel.right <= innerWidth,
          line: line.right <= panel.right,
          page: document.documentElement.scrollWidth <= innerWidth}; }"""
ALL_FIT = {"log": True, "panel": True, "line": True, "page": True}


@WIDTHS
async def test_a_long_unbroken_chat_message_and_name_wrap_inside_the_log(
    system_chromium: Browser, web_url: str, viewport: dict[str, int]
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "W" * 40) as ada:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        _, page = await open_page(system_chromium, viewport)
        await page.goto(f"{web_url}/?room={room.code}")
        await page.fill("#join-name", "Bo")
        await page.check("#join-seat-beijing")
        await page.click("#join-btn")
        await expect(page.locator("#table")).to_be_visible()
        await ada.chat("x" * 500)
        await expect(page.locator("#log .chat")).to_contain_text("x" * 500)
        assert await page.evaluate(FITS) == ALL_FIT
        assert page_errors(page) == []


KEY = """() => { const code = document.querySelector('#instructor-key');
  const groups = [...code.querySelectorAll('.key-group')];
  return {text: code.textContent, sizes: groups.map((g) => g.textContent.length),
          whole: groups.every((g) => g.getClientRects().length === 1),
          fits: code.scrollWidth <= code.clientWidth}; }"""


@WIDTHS
async def test_the_instructor_key_reads_in_even_groups_and_copies_whole(
    system_chromium: Browser, web_url: str, viewport: dict[str, int]
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ms Li") as maker:
        room = await maker.create_room("intro", timers=False)
        key = room.instructor_key
        context = await system_chromium.new_context(viewport=viewport)  # type: ignore[arg-type]
        await context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = await context.new_page()
        await page.goto(f"{web_url}/?room={room.code}")
        await page.click("details.teacher summary")
        await page.fill("#join-key", key)
        await page.click("#join-btn")
        await expect(page.locator("#instructor-key")).to_have_text(key)
        shown = await page.evaluate(KEY)
        assert shown["text"] == key
        assert len(shown["sizes"]) >= 2 and max(shown["sizes"]) - min(shown["sizes"]) <= 1
        assert shown["whole"] and shown["fits"], shown
        await page.click("#copy-key")
        await expect(page.locator("#copy-key")).to_have_text("Copied!")
        assert await page.evaluate("navigator.clipboard.readText()") == key
        await context.close()


@WIDTHS
async def test_the_results_open_right_under_the_header_with_the_page_kept_still(
    system_chromium: Browser, web_url: str, viewport: dict[str, int]
) -> None:
    page = await mei_plays_the_bot(system_chromium, web_url, viewport)
    await expect(page.locator("#table")).to_be_visible()
    await play_out([page])
    await expect(page.locator("#end")).to_be_visible()
    # closed, the page scrolled down to the log, and opened again from the banner
    await page.click("#close-end")
    await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    await page.wait_for_function("window.scrollY > 0")
    await page.evaluate("document.getElementById('show-end').click()")
    await expect(page.locator("#end")).to_be_visible()
    assert await page.evaluate("window.scrollY") == 0
    # the page under them is no taller than they are: none of it shows above or below them
    assert await page.evaluate("document.documentElement.scrollHeight <= innerHeight")
    header = await page.locator("header.top").bounding_box()
    inner = await page.locator(".end-inner").bounding_box()
    assert header and inner and header["y"] == 0
    assert 0 <= inner["y"] - (header["y"] + header["height"]) <= 24
    await expect(page.locator("#leave")).to_be_in_viewport()
    # the wheel scrolls the results, never the page under them
    await page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
    for _ in range(6):
        await page.mouse.wheel(0, 2000)
    await page.wait_for_function("document.getElementById('end').scrollTop > 0")
    assert await page.evaluate("window.scrollY") == 0
    # closed again, the page scrolls as before
    await page.click("#close-end")
    await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    await page.wait_for_function("window.scrollY > 0")
    assert page_errors(page) == []
