"""A phone's keyboard walking back up the hand (Shift+Tab) in a scenario that raises with several
cards at once: the hand's buttons scrolled into view just below the sticky banner, and so under
the sticky bar of picks ("1 of 3 selected", Raise, Clear) that stays below it, the focused
Select or Play face down hidden from the person pressing the keys.

Real Chromium, a real server and Redis; the other side is the server's bot."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, open_page, page_errors, play_the_bot

# what is drawn at the top of the focused element (a few pixels in): itself, or what covers it
SEEN = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  const at = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 6));
  return { id: e.id, seen: e === at || e.contains(at), over: at ? at.id || at.className : null };
}"""


async def test_a_button_of_the_hand_is_not_hidden_under_the_picks(
    system_chromium: Browser, web_url: str
) -> None:
    _, page = await open_page(system_chromium, PHONE)
    await page.goto(web_url)
    await play_the_bot(page, "Mei", "full_2025", "washington")
    await expect(page.locator("#act-check")).to_be_enabled()
    first = page.locator("[id^=pick-]:enabled").first
    await first.focus()
    await page.keyboard.press("Space")
    await expect(page.locator("#play-picked")).to_be_enabled()
    # down to the last button of the hand, then back up through it
    last = await page.evaluate(
        "() => [...document.querySelectorAll('.my-hand .cards button:enabled')].at(-1).id"
    )
    await page.locator(f"#{last}").focus()
    walked = []
    for _ in range(14):
        await page.keyboard.press("Shift+Tab")
        spot = await page.evaluate(SEEN)
        if spot["id"] in ("play-picked", "pick-clear"):
            break
        walked.append(spot)
    assert len(walked) >= 3, walked
    hidden = [spot for spot in walked if not spot["seen"]]
    assert hidden == [], hidden
    assert page_errors(page) == []
