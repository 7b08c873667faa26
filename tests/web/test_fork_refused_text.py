""" "Play on from here" refused by the server shows the server's reason: the form said only
"Error 429" when the address had made too many rooms just now (the fork is a new room)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect
from replay.test_fork_stored_rules import KEY, _kept_here, _long_deals, _record
from serverkit import start_server
from web.test_browser import open_page, page_errors
from web.test_replay import remember

from client.connection import BrinkClient
from server.protocol import RoomCreated


@pytest.fixture
async def strict_url(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A server letting one address make one new room in a window that never ends here (a
    window of a minute could turn over between the room and its fork); bots move at once."""
    runner, ws_url = await start_server(
        redis_url, tmp_path, rooms_per_address=1, rooms_window=1e9, bot_delay=0
    )
    yield ws_url
    await runner.cleanup()


async def bots_game(ws_url: str) -> RoomCreated:
    """A game two bots played to its end, made by its instructor."""
    async with BrinkClient(ws_url, "Prof") as prof:
        made = await prof.create_room("intro", bots={"washington": "hawk", "beijing": "dove"})
        await prof.join(made.code, instructor_key=made.instructor_key)
        await prof.wait_for(lambda view: view["outcome"] is not None, timeout=30)
    return made


async def test_a_fork_over_the_limit_on_new_rooms_says_why(
    system_chromium: Browser, strict_url: str
) -> None:
    made = await bots_game(strict_url)
    web_url = strict_url.replace("ws://", "http://").removesuffix("/ws")
    context, page = await open_page(system_chromium)
    try:
        await remember(page, web_url, [{"code": made.code, "key": made.instructor_key}])
        await page.goto(f"{web_url}/?game={made.code}&as=all&step=0")
        await expect(page.locator("#rp-pos")).to_contain_text("Step 0 of")
        steps = int((await page.inner_text("#rp-pos")).rsplit(" ", 1)[1])
        await page.goto(f"{web_url}/?game={made.code}&as=all&step={steps // 2}")  # mid-game
        await expect(page.locator("#rp-pos")).to_contain_text(f"Step {steps // 2} of")
        await page.click("#rp-continue-btn")
        await page.click("#fork-go")
        await expect(page.locator("#fork-error")).to_have_text(
            "Too many new rooms from here just now: wait a minute and try again."
        )
        await expect(page.locator("#fork-go")).to_be_enabled()
        # (the browser logs the refused request itself; nothing else went wrong)
        errors = [e for e in page_errors(page) if "status of 429" not in e]
        assert errors == [], errors
    finally:
        await context.close()


async def test_a_fork_before_the_game_begins_says_so_not_that_it_is_over(
    system_chromium: Browser, web_url: str
) -> None:
    """Every refused fork said "The game is over at this step" (the page read the status 409
    alone); the words now say why: here, before the first move, the page says it at once."""
    made = await bots_game(web_url.replace("http://", "ws://") + "/ws")
    context, page = await open_page(system_chromium)
    try:
        await remember(page, web_url, [{"code": made.code, "key": made.instructor_key}])
        await page.goto(f"{web_url}/?game={made.code}&as=all&step=0")
        await expect(page.locator("#rp-pos")).to_contain_text("Step 0 of")
        await page.click("#rp-continue-btn")
        await expect(page.locator("#fork-go")).to_be_disabled()  # not even offered
        await expect(page.locator("#fork-error")).to_have_text(
            "The game has not begun at this step: go forward a little."
        )
    finally:
        await context.close()


REFUSED_EN = "This game's rules do not pass this server's checks: it can be replayed, not "
REFUSED_EN += "played on."
REFUSED_ZH = "這局的規則未通過本伺服器的檢查：可以重播，但無法接著下。"


@pytest.mark.parametrize(("lang", "said"), [("en", REFUSED_EN), ("zh", REFUSED_ZH)])
async def test_a_fork_under_rules_that_cannot_be_played_on_says_so_in_the_pages_language(
    system_chromium: Browser, web_url: str, redis_url: str, lang: str, said: str
) -> None:
    """A game kept under rules this server refuses (a deal past 30 hands, from before the
    check) replays, but a "what if" of it is refused `rules_refused`: the page said the
    server's English message, in Chinese too."""
    record, talks = _record(_long_deals(), f"PAST3{'4' if lang == 'en' else '5'}")
    code = await _kept_here(redis_url, record)
    context, page = await open_page(system_chromium)
    try:
        await remember(page, web_url, [{"code": code, "key": KEY}])
        await page.goto(f"{web_url}/?game={code}&as=all&step={talks}")
        await expect(page.locator("#rp-pos")).to_contain_text(f"Step {talks} of")
        if lang == "zh":
            await page.click("#lang-zh")
        await page.click("#rp-continue-btn")
        await page.click("#fork-go")
        await expect(page.locator("#fork-error")).to_have_text(said)
    finally:
        await context.close()
