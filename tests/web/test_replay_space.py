"""In the replay viewer a space on a control the keyboard reaches is that control's, as Enter is:
on a hand's button it jumps to the hand, on a view's button it changes the view, on "Continue
from here" it opens the form. The space played or paused the replay wherever the focus was, and
none of these could be pressed with it. Elsewhere on the page the space still plays and pauses."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import open_page, page_errors


async def test_a_space_presses_the_focused_control(system_chromium: Browser, web_url: str) -> None:
    _, page = await open_page(system_chromium)
    await page.goto(f"{web_url}/?game=H2025&as=washington")
    play = page.locator("#rp-play")
    hand = page.locator("#rp-hand-2")
    await hand.focus()
    await page.keyboard.press("Space")
    await expect(hand).to_have_attribute("aria-current", "true")
    await expect(play).to_have_attribute("aria-pressed", "false")

    spectator = page.locator("#rp-as-spectator")
    await spectator.focus()
    await page.keyboard.press("Space")
    await expect(page.locator("#rp-as-spectator")).to_have_attribute("aria-pressed", "true")
    await expect(play).to_have_attribute("aria-pressed", "false")

    await page.locator("#rp-continue-btn").focus()
    await page.keyboard.press("Space")
    await expect(page.locator("#rp-continue")).to_have_attribute("open", "")

    # on the play button, and off the controls, the space plays and pauses
    await play.focus()
    await page.keyboard.press("Space")
    await expect(play).to_have_attribute("aria-pressed", "true")
    await page.keyboard.press("Space")
    await expect(play).to_have_attribute("aria-pressed", "false")
    await page.evaluate("() => document.activeElement.blur()")
    await page.keyboard.press("Space")
    await expect(play).to_have_attribute("aria-pressed", "true")
    assert page_errors(page) == []
