"""A keyboard player keeps their place after a move: the Check button they pressed is disabled
by the move and redrawn away by the update, which left the focus on the page's body — the next
Tab started again at the top of the page. The control takes the focus back, or while it is gone
the panel it was in holds it (client/web/app.js), with no focus ring after a mouse press."""

from __future__ import annotations

from playwright.async_api import Browser, Page


async def table(browser: Browser, web_url: str) -> Page:
    page = await browser.new_page(viewport={"width": 1300, "height": 900})
    await page.goto(web_url)
    await page.fill("#bot-name", "Ada")
    await page.check("#bot-seat-washington")
    await page.click("#bot-btn")
    await page.wait_for_selector("#act-check:enabled", timeout=30_000)
    return page


async def moved(page: Page) -> None:
    """Wait until the move's update and the bot's answer are drawn."""
    await page.wait_for_function("() => window.brink.state.n > window.startN + 1")


async def test_the_focus_stays_in_the_panel_after_a_move_by_keyboard(
    system_chromium: Browser, web_url: str
) -> None:
    page = await table(system_chromium, web_url)
    try:
        await page.evaluate("() => (window.startN = window.brink.state.n)")
        await page.focus("#act-check")
        await page.keyboard.press("Enter")
        await moved(page)
        where = await page.evaluate(
            """() => { const a = document.activeElement;
                       return [a.tagName, a.id, !!a.closest('#board')]; }"""
        )
        assert where[0] != "BODY" and where[2], where
        await page.keyboard.press("Tab")  # on from the panel, not from the top of the page
        after = await page.evaluate(
            """() => { const a = document.activeElement;
                       const board = document.getElementById('board');
                       const after = Node.DOCUMENT_POSITION_FOLLOWING
                         | Node.DOCUMENT_POSITION_CONTAINED_BY;
                       return a === board || !!(board.compareDocumentPosition(a) & after); }"""
        )
        assert after
    finally:
        await page.close()


async def test_after_a_mouse_press_the_panel_shows_no_focus_ring(
    system_chromium: Browser, web_url: str
) -> None:
    page = await table(system_chromium, web_url)
    try:
        await page.evaluate("() => (window.startN = window.brink.state.n)")
        await page.click("#act-check")
        await moved(page)
        ring = await page.evaluate("() => document.activeElement.matches(':focus-visible')")
        assert not ring
    finally:
        await page.close()
