"""A student's table while the instructor steers the room (real server, Redis and Chromium): an
injected news event leads the board's news box, the hand's drawn news kept under it (the view
names only the drawn one: the box follows the log), in English and Chinese; and while the game is
paused the one reason every move waits for is said once for the panel, not under each control
(the talks said it nine times: Pass, six deal terms, Propose)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from controlkit import teacher_headers
from playwright.async_api import Browser, Page, expect
from web.test_browser import LAPTOP, PHONE, open_page, page_errors

from client.connection import BrinkClient
from server.engine.commands import Check

PAUSED = "Why not: The instructor has paused the game: wait until they resume it."


@contextlib.asynccontextmanager
async def steered_table(
    browser: Browser, web_url: str, redis_url: str, viewport: dict[str, int]
) -> AsyncIterator[tuple[BrinkClient, BrinkClient, str, Page]]:
    """The instructor's socket (signed in) made an intro room; Ada plays Washington in a page,
    Bo Beijing from a script."""
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    headers = await teacher_headers(ws_url, redis_url)
    async with (
        BrinkClient(ws_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(ws_url, "Bo") as bo,
    ):
        room = await teacher.create_room("intro", timers=False)
        _, ada = await open_page(browser, viewport)
        await ada.goto(f"{web_url}/?room={room.code}")
        await ada.fill("#join-name", "Ada")
        await ada.check("#join-seat-washington")
        await ada.click("#join-btn")
        await bo.join(room.code, "beijing")
        await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
        yield teacher, bo, room.code, ada
        await ada.context.close()


async def name_of(page: Page, news: str, lang: str) -> str:
    said: str = await page.evaluate(
        "([id, lang]) => window.brink.state.rules.newsById[id].name[lang]", [news, lang]
    )
    return said


async def test_injected_news_leads_the_news_box_with_the_hands_news_under_it(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    async with steered_table(system_chromium, web_url, redis_url, LAPTOP) as table:
        teacher, _, code, ada = table
        drawn: str = await ada.evaluate("window.brink.state.view.news")
        deck: list[str] = await ada.evaluate("window.brink.state.rules.scenario.news_deck")
        injected = next(news for news in deck if news != drawn)
        box = ada.locator("#news-box")
        await expect(box.locator("#news-name")).to_have_text(await name_of(ada, drawn, "en"))

        await teacher.control("news", code, news=injected)
        await expect(ada.locator("#log")).to_contain_text("News from the instructor")
        await expect(box.locator("#news-name")).to_have_text(await name_of(ada, injected, "en"))
        await expect(box.locator(".news-label").first).to_contain_text(
            "Just in, from the instructor"
        )
        await expect(box.locator("#news-earlier")).to_contain_text("Earlier this hand")
        await expect(box.locator("#news-earlier")).to_contain_text(await name_of(ada, drawn, "en"))
        await ada.screenshot(path=str(shots / "table-news-injected-en.png"))
        await ada.click("#lang-zh")
        await expect(box.locator("#news-name")).to_have_text(await name_of(ada, injected, "zh"))
        await expect(box.locator(".news-label").first).to_contain_text("老師剛發布")
        await expect(box.locator("#news-earlier")).to_contain_text(await name_of(ada, drawn, "zh"))
        await ada.click("#lang-en")

        # the instructor's own headline: it leads; both before it are under it, newest first
        await teacher.control(
            "news", code, text="Protests in Washington", effects=["pressure_on_washington"]
        )
        await expect(box.locator("#news-name")).to_have_text("Protests in Washington")
        await expect(box).to_contain_text("Domestic pressure on Washington +5")
        earlier = box.locator("#news-earlier li > b")
        await expect(earlier).to_have_text(
            [await name_of(ada, injected, "en"), await name_of(ada, drawn, "en")],
            use_inner_text=True,
        )
        assert page_errors(ada) == []


async def test_a_pause_is_said_once_for_the_betting_and_once_for_the_talks(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    async with steered_table(system_chromium, web_url, redis_url, PHONE) as table:
        teacher, bo, code, ada = table
        await teacher.control("pause", code)
        board = ada.locator("#board")
        await expect(board.locator("#board-why")).to_have_text(PAUSED)
        await expect(board.locator(".why")).to_have_count(1)
        await expect(ada.locator("#act-check")).to_be_disabled()
        await expect(ada.locator("#act-check")).to_have_attribute(
            "aria-describedby", "act-check-why board-why"
        )
        await teacher.control("resume", code)
        await expect(board.locator("#board-why")).to_have_count(0)
        await expect(ada.locator("#act-check")).to_be_enabled()

        # the talks, paused: Pass, the six deal terms and Propose wait for one reason
        await ada.click("#act-check")
        await bo.act(Check())
        await ada.wait_for_function("() => window.brink.state.view.phase_kind === 'talks'")
        await teacher.control("pause", code)
        talks = ada.locator("#talks")
        await expect(talks.locator("#talks-why")).to_have_text(PAUSED)
        await expect(talks.locator(".why")).to_have_count(1)
        await expect(ada.locator("#act-pass")).to_be_disabled()
        await expect(ada.locator("#propose-btn")).to_be_disabled()
        boxes = talks.locator(".term input[type=checkbox]")
        assert await boxes.count() >= 2
        for index in range(await boxes.count()):
            await expect(boxes.nth(index)).to_have_attribute("aria-describedby", "talks-why")
        await ada.screenshot(path=str(shots / "table-talks-paused-phone.png"), full_page=True)
        await ada.click("#lang-zh")
        await expect(talks.locator(".why")).to_have_count(1)
        await expect(talks.locator("#talks-why")).to_contain_text("老師")

        # resumed: each control says its own reason again, where it has one
        await teacher.control("resume", code)
        await expect(talks.locator("#talks-why")).to_have_count(0)
        await expect(ada.locator("#act-pass")).to_be_enabled()
        assert page_errors(ada) == []
