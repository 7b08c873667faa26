"""What two strangers met playing in the web client for the first time (probe23c): the link of a
room that is not there (a mistyped code, a room gone a day after its last use) opened the join
form as if all were well, and said so only once a name was typed and Join pressed.

Real Chromium, a real server and Redis."""

from __future__ import annotations

from playwright.async_api import Browser, expect


async def test_a_link_to_no_room_says_so_as_it_opens(
    system_chromium: Browser, web_url: str
) -> None:
    phone = await system_chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-TW"
    )
    page = await phone.new_page()
    await page.goto(f"{web_url}/?room=ZZZZZZ")
    await expect(page.locator("#join-gone")).to_contain_text("沒有這個代碼的房間")
    # in the page's language, redrawn with it
    await page.click("#lang-en")
    await expect(page.locator("#join-gone")).to_contain_text("No room has this code")
    # typing another code takes the line away; a real room's code shows its seats
    await page.fill("#join-code", "ABC")
    await expect(page.locator("#join-gone")).to_have_count(0)
    await page.fill("#join-code", "QQQQQQ")
    await expect(page.locator("#join-gone")).to_be_visible()
    await phone.close()
