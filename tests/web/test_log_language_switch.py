"""Switching the language mid-game told the whole log again: every line was taken out of the log
and put back (in a live region, so a screen reader read the game out from the start), and the
log jumped to its end. Now each line keeps its place and only its words change, the log is not
a live region while they do (and is one again after), and the reader's place is kept: scrolled
back to the start, the log stays there; at the end, it stays at the end.

Real Chromium, a real server and Redis; the other side is the Python client, so nothing is
added to the log while the page switches."""

from __future__ import annotations

from playwright.async_api import Browser, Page, expect
from web.test_browser import LAPTOP, open_page, page_errors

from client.connection import BrinkClient
from server.engine.commands import Check

WATCH = """() => {
  const log = document.getElementById('log');
  window.logChanges = { added: 0, removed: 0 };
  for (const li of log.children) li.kept = true;
  new MutationObserver((records) => {
    for (const r of records) {
      window.logChanges.added += r.addedNodes.length;
      window.logChanges.removed += r.removedNodes.length;
    }
  }).observe(log, { childList: true });
}"""
# the click, and what the log is as it returns (before the page draws)
SWITCH = """(lang) => {
  document.getElementById('lang-' + lang).click();
  return document.getElementById('log').getAttribute('aria-live');
}"""


async def _switch(page: Page, lang: str) -> None:
    await page.evaluate(WATCH)
    assert await page.evaluate(SWITCH, lang) == "off"
    await expect(page.locator("#log")).to_have_attribute("aria-live", "polite")
    changes = await page.evaluate("() => window.logChanges")
    assert changes == {"added": 0, "removed": 0}
    lines = await page.evaluate(
        "() => [...document.getElementById('log').children].map((li) => li.kept === true)"
    )
    assert lines and all(lines)


async def test_switching_language_retells_each_line_in_place(
    system_chromium: Browser, web_url: str
) -> None:
    async with BrinkClient(web_url.replace("http://", "ws://") + "/ws", "Ada") as ada:
        created = await ada.create_room("intro")
        await ada.join(created.code, "washington")
        _, page = await open_page(system_chromium, LAPTOP)
        await page.goto(f"{web_url}/?room={created.code}")
        await page.fill("#join-name", "Bo")
        await page.click("#join-btn")
        await page.wait_for_selector("#table:not([hidden])")
        await ada.wait_for(lambda v: v["to_act"] == "washington")
        for n in range(12):  # enough lines that the log scrolls
            await ada.chat(f"Line {n}")
        await ada.act(Check())
        await expect(page.locator("#log .chat").last).to_have_text("Ada: Line 11")
        await expect(page.locator("#act-check")).to_be_enabled()
        log = page.locator("#log")
        count = await log.locator("li").count()
        assert await log.evaluate("(l) => l.scrollHeight > l.clientHeight")
        # at the end of the log, it stays at the end
        await _switch(page, "zh")
        await expect(log).to_contain_text("第 1 局")
        await expect(log).not_to_contain_text("Hand 1 of 3")
        await expect(log.locator("li")).to_have_count(count)
        assert await log.evaluate("(l) => l.scrollTop + l.clientHeight >= l.scrollHeight - 4")
        # scrolled back to the start, it stays there
        await log.evaluate("(l) => { l.scrollTop = 0; }")
        await _switch(page, "en")
        await expect(log).to_contain_text("Hand 1 of 3")
        await expect(log.locator("li")).to_have_count(count)
        assert await log.evaluate("(l) => l.scrollTop") == 0
        assert page_errors(page) == []
