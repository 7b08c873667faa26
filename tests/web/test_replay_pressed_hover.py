"""The replay's chosen view and current hand stay readable under the mouse. A button's hover
(a pale grey) beat their colour: the pressed "as a spectator" read white on pale grey, right
after the teacher clicked it (the mouse still on it). A kept game opened by its instructor in a
real Chromium on a real server and Redis."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page, expect
from web.test_debrief_browser import sign_in
from web.test_replay import LAPTOP, Open, open_page, page_errors
from web.test_replay_so_far import CODE, kept

__all__ = ["kept", "open_page"]  # the fixtures


async def _colours(page: Page, selector: str) -> tuple[str, str]:
    said: list[str] = await page.eval_on_selector(
        selector, "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
    )
    return said[0], said[1]


async def test_the_pressed_view_and_current_hand_keep_their_colours_under_the_mouse(
    open_page: Open, kept: tuple[str, list[tuple[int, str]]], shots: Path
) -> None:
    base, _ = kept
    _, page = await open_page(LAPTOP)
    await sign_in(page, base)
    page_errors(page).clear()
    await page.goto(f"{base}/?game={CODE}&step=30&as=all")
    await expect(page.locator("#rp-pos")).to_contain_text("Step 30 of")
    for view in ("spectator", "washington", "beijing", "instructor"):
        button = f"#rp-as-{view}"
        await page.click(button)  # the mouse stays on it
        await expect(page.locator(button)).to_have_attribute("aria-pressed", "true")
        await page.hover(button)
        text, background = await _colours(page, button)
        assert text == "rgb(255, 255, 255)", (view, text)
        assert background != "rgb(245, 245, 244)", (view, background)  # the hover's grey
    await page.screenshot(path=shots / "replay-pressed-hover.png")
    hand = page.locator(".rp-hand[aria-current=true]")
    await expect(hand).to_have_count(1)
    await hand.hover()
    text, background = await _colours(page, ".rp-hand[aria-current=true]")
    assert (text, background) == ("rgb(255, 255, 255)", "rgb(28, 25, 23)"), (text, background)
    assert page_errors(page) == []
