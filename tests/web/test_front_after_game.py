"""Back to the front page after a game. A tester who finished a game opened http://host:port/ in
the same tab and landed on the finished table and its results again; the results offered no
plain way out ("New game" it was, and Past games only behind it). Once the game is over, / is
the front page; the finished game still opens from its link (and Past games), and the results
have a Front page link."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import open_page, page_errors, play_out


async def test_after_a_game_the_address_of_the_site_opens_the_front_page(
    system_chromium: Browser, web_url: str
) -> None:
    _, page = await open_page(system_chromium)
    await page.goto(web_url)
    await page.fill("#bot-name", "Mei")
    await page.select_option("#bot-kind", "dove")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    code = await page.evaluate("window.brink.state.room.code")

    # the middle of a game: the site's address comes back to the table (a reload)
    await page.goto(f"{web_url}/")
    await expect(page.locator("#table")).to_be_visible()
    await play_out([page])

    await page.goto(f"{web_url}/")
    await expect(page.locator("#landing")).to_be_visible()
    await expect(page.locator("#end")).to_be_hidden()
    await expect(page.locator("#games-btn")).to_be_visible()
    # the finished game is still one link away, its results with it
    await page.goto(f"{web_url}/?room={code}")
    await expect(page.locator("#outcome-name")).to_be_visible()
    front = page.locator("#to-front")
    await expect(front).to_have_text("Front page")
    await expect(front).to_have_attribute("href", "/")
    await page.click("#lang-zh")
    await expect(front).to_have_text("回到首頁")
    await front.click()
    await expect(page.locator("#landing")).to_be_visible()
    assert page.url == f"{web_url}/"
    await page.click("#games-btn")
    await expect(page.locator("#games")).to_contain_text(code)
    assert page_errors(page) == []
