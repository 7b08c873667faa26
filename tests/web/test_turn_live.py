"""What a screen reader is told at the table: whose turn it is and what may be done, once, when
it changes. The whole banner was the live region, drawn again at every update: a chat line (or
anyone coming and going) had it read out again, hand, phases, stake and timer included."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, click_and_wait, mei_plays_the_bot, page_errors

# the live regions' changes, but the log's (a chat line is told there) and the header's
WATCH = """() => {
  window.liveChanges = [];
  const live = '[aria-live]:not([aria-live=off]), [role=status], [role=alert]';
  new MutationObserver((records) => {
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const region = node && node.closest(live);
      if (region && !region.closest('#log, header, #toast')) window.liveChanges.push(region.id);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}"""


async def test_the_turn_is_told_once_and_a_chat_line_does_not_tell_it_again(
    system_chromium: Browser, web_url: str
) -> None:
    page = await mei_plays_the_bot(system_chromium, web_url, PHONE, "washington")
    live = page.locator("#turn-live")
    await expect(live).to_have_attribute("aria-live", "polite")
    await expect(live).to_contain_text("Your turn — Washington")
    await expect(page.locator("#act-check")).to_be_enabled()

    await page.evaluate(WATCH)
    await page.fill("#chat-text", "Hello")
    await page.press("#chat-text", "Enter")
    await expect(page.locator("#log .chat")).to_contain_text("Mei: Hello")
    assert await page.evaluate("window.liveChanges") == []

    await click_and_wait(page, "#act-check")
    await expect(live).not_to_contain_text("Your turn — Washington")
    assert "turn-live" in await page.evaluate("window.liveChanges")
    assert page_errors(page) == []
