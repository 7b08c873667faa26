"""A long name with no space in it (40 letters, the most a name may have) does not push the page
wider than a 320-pixel phone: it read off the right edge of the lobby's seat list and of the
rematch offer, and of the join form's seats ("(taken: …)"), the page scrolling sideways."""

from __future__ import annotations

from playwright.async_api import Browser, Page, expect
from web.test_browser import create_room, join_room, open_page, play_out

LONG = "Wolfeschlegelsteinhausenbergerdorffvoral"
# what sticks out past the right edge of the page (none, for a page that fits)
PAST_THE_EDGE = """() => [...document.querySelectorAll('body *')]
  .filter((e) => !e.closest('[hidden]') && e.getBoundingClientRect().width > 0
                 && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)"""


async def fits(page: Page) -> None:
    assert await page.evaluate(PAST_THE_EDGE) == []
    assert await page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


async def test_a_long_name_fits_a_narrow_phone(system_chromium: Browser, web_url: str) -> None:
    context = await system_chromium.new_context(viewport={"width": 320, "height": 640})
    page = await context.new_page()
    try:
        await page.goto(web_url)
        await page.fill("#create-name", LONG)
        await page.click("#create-btn")
        await expect(page.locator("#lobby")).to_be_visible()
        await expect(page.locator(".seat-holder").first).to_contain_text(LONG)
        await fits(page)
    finally:
        await context.close()


async def test_a_rematch_offer_from_a_long_name_fits_a_narrow_phone(
    system_chromium: Browser, web_url: str
) -> None:
    _, ada = await open_page(system_chromium)
    _, bo = await open_page(system_chromium, {"width": 320, "height": 640})
    code = await create_room(ada, web_url, LONG)
    await join_room(bo, web_url, code, "Bo", "beijing")
    await play_out([ada, bo])
    await ada.click("#rematch")
    await expect(bo.locator("#rematch-status")).to_contain_text(LONG)
    await fits(bo)


async def test_a_seat_taken_by_a_long_name_fits_the_join_form_on_a_narrow_phone(
    system_chromium: Browser, web_url: str
) -> None:
    _, ada = await open_page(system_chromium)
    _, bo = await open_page(system_chromium, {"width": 320, "height": 640})
    code = await create_room(ada, web_url, LONG)
    await bo.goto(f"{web_url}/?room={code}")
    await expect(bo.locator("label:has(#join-seat-washington) .taken")).to_contain_text(LONG)
    await fits(bo)
