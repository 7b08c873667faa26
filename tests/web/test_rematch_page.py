"""A rematch in the browser: at the end of a game "Rematch" beside "Front page"; the other player
sees the offer and accepts it, and both pages are at the new game's table, with its address (a
reload comes back to it). Against a bot it starts at once, here in Chinese and with the sides
swapped."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, Page, expect
from web.snap import snap
from web.test_browser import create_room, join_room, open_page, page_errors, play_out

MOVED = (
    "code => window.brink.state.room && window.brink.state.room.code !== code"
    " && window.brink.state.view && !window.brink.state.view.outcome"
)
"""The page sits at another room's table, whose game is on."""


async def room_of(page: Page) -> str:
    code: str = await page.evaluate("window.brink.state.room.code")
    return code


async def test_two_browsers_play_again_with_one_click_each(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, ada = await open_page(system_chromium)
    _, bo = await open_page(system_chromium)
    _, sam = await open_page(system_chromium)
    code = await create_room(ada, web_url, "Ada")
    await join_room(bo, web_url, code, "Bo", "beijing")
    await join_room(sam, web_url, code, "Sam", "spectator")
    await play_out([ada, bo])

    await expect(ada.locator("#to-front")).to_be_visible()
    await expect(sam.locator("#outcome-name")).to_be_visible()
    await expect(sam.locator("#rematch")).to_have_count(0)  # only the players ask
    await bo.click("#close-end")  # Bo looks at the table: the offer opens the results again
    await expect(bo.locator("#end")).to_be_hidden()
    await ada.click("#rematch")
    await expect(ada.locator("#rematch-status")).to_contain_text("waiting for Bo to accept")
    await expect(bo.locator("#rematch-status")).to_have_text("Ada offers a rematch.")
    await expect(bo.locator("#rematch-box")).to_be_in_viewport()
    await expect(bo.locator("#log")).to_contain_text("Ada offers a rematch")
    await bo.screenshot(path=shots / "rematch-offer.png")
    await bo.click("#rematch-accept")

    for page in (ada, bo):
        await page.wait_for_function(MOVED, arg=code)
    new = await room_of(ada)
    assert new == await room_of(bo) != code
    assert ada.url.endswith(f"/?room={new}") and bo.url.endswith(f"/?room={new}")
    await expect(ada.locator("#end")).to_be_hidden()
    await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
    await expect(bo.locator("#turn-text")).to_contain_text("Waiting for Washington")
    await expect(bo.locator(".seat-holder").first).to_contain_text("Ada")
    await ada.evaluate("window.scrollTo(0, 0)")
    await ada.screenshot(path=shots / "rematch-new-game.png")

    # The spectator stays at the finished game, and may follow to watch the new one.
    await expect(sam.locator("#rematch-status")).to_have_text(f"The rematch is on: room {new}.")
    await expect(sam.locator("#rematch-watch")).to_have_attribute("href", f"/?room={new}")

    await ada.reload()  # the saved session is the new room's: a reload comes back to it
    await ada.wait_for_function("code => window.brink.state.room?.code === code", arg=new)
    await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
    assert page_errors(ada) == [] and page_errors(bo) == [] and page_errors(sam) == []


async def test_a_rematch_against_a_bot_starts_at_once_in_chinese_with_sides_swapped(
    system_chromium: Browser, web_url: str
) -> None:
    _, page = await open_page(system_chromium)
    await page.goto(web_url)
    await page.click("#lang-zh")
    await page.fill("#bot-name", "Mei")
    await page.select_option("#bot-scenario", "intro")
    await page.select_option("#bot-kind", "dove")
    await page.check("#bot-seat-beijing")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    code = await room_of(page)
    await play_out([page])

    await expect(page.locator("#rematch")).to_have_text("再來一局")
    await page.check("#rematch-swap")
    await page.click("#rematch")
    await page.wait_for_function(MOVED, arg=code)
    assert await page.evaluate("window.brink.state.room.seat") == "washington"
    assert await page.evaluate("window.brink.state.seats.beijing") == "bot:dove"
    await expect(page.locator("#room-badge")).to_contain_text("華盛頓")
    assert page_errors(page) == []


async def test_the_room_makers_key_opens_the_rematchs_replay_all_seeing(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    # Ada made the room: her browser holds its key, which opens its rematch too (the page keeps
    # it for the new room as it moves), so the rematch's replay opens all-seeing, as the first's.
    _, ada = await open_page(system_chromium)
    _, bo = await open_page(system_chromium)
    code = await create_room(ada, web_url, "Ada")
    await join_room(bo, web_url, code, "Bo", "beijing")
    await play_out([ada, bo])
    await ada.click("#rematch")
    await bo.click("#rematch-accept")
    for page in (ada, bo):
        await page.wait_for_function(MOVED, arg=code)
    new = await room_of(ada)

    await ada.goto(f"{web_url}/?game={new}")
    await expect(ada.locator("#rp-as-instructor")).to_have_attribute("aria-pressed", "true")
    await expect(ada.locator("#rp-as-beijing")).to_be_visible()
    await ada.screenshot(path=shots / "rematch-replay-all-seeing.png")
    await bo.goto(f"{web_url}/?game={new}")  # Bo holds no key: his side's view
    await expect(bo.locator("#rp-as-beijing")).to_have_attribute("aria-pressed", "true")
    await expect(bo.locator("#rp-as-instructor")).to_have_count(0)
    assert page_errors(ada) == [] and page_errors(bo) == []


async def test_the_other_player_declines_and_the_offer_may_be_made_again(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, ada = await open_page(system_chromium)
    _, bo = await open_page(system_chromium)
    code = await create_room(ada, web_url, "Ada")
    await join_room(bo, web_url, code, "Bo", "beijing")
    await play_out([ada, bo])
    await ada.click("#rematch")
    await expect(bo.locator("#rematch-decline")).to_be_visible()
    await expect(bo.locator("#rematch-accept")).to_be_visible()
    await snap(bo.locator("#rematch-box"), shots / "rematch-offer-decline.png")
    await bo.click("#rematch-decline")

    await expect(ada.locator("#rematch-status")).to_have_text("Bo declines the rematch.")
    await expect(ada.locator("#log")).to_contain_text("Bo declines the rematch")
    await expect(bo.locator("#rematch-status")).to_have_text("You declined the rematch.")
    await expect(bo.locator("#rematch-accept")).to_have_count(0)
    await expect(ada.locator("#rematch")).to_be_visible()  # she may offer again
    await ada.screenshot(path=shots / "rematch-declined.png")

    await ada.click("#rematch")
    await expect(bo.locator("#rematch-status")).to_have_text("Ada offers a rematch.")
    await bo.click("#rematch-accept")
    for page in (ada, bo):
        await page.wait_for_function(MOVED, arg=code)
    assert await room_of(ada) == await room_of(bo) != code
    assert page_errors(ada) == [] and page_errors(bo) == []
