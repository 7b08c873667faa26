"""The web client in a real browser, against a real server on a real Redis.

Each test drives the page as a person would (clicks, typing, keyboard) and waits for what the
page shows: no sleeps. Screenshots of the key screens go to artifacts/screenshots/.

Here: whole games (two browsers, a bot at phone width, the Python client, every scenario), and
the helpers the other browser tests import from this module. Reconnecting, the Chinese
interface, a refusal's reason, quick match and the keyboard: test_browser_page.py.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from client.connection import BrinkClient
from server.engine.commands import Call, Check, Command, PassTalks

MOVES = ("#act-call", "#act-check", "#act-pass")
READY = ", ".join(f"{move}:enabled" for move in MOVES) + ", #outcome-name"
LAPTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


async def open_page(
    browser: Browser, viewport: dict[str, int] = LAPTOP
) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    return context, page


def page_errors(page: Page) -> list[str]:
    found: list[str] = page.errors  # type: ignore[attr-defined]
    return found


async def state_n(page: Page) -> int:
    n: int = await page.evaluate("window.brink.state.n")
    return n


async def click_and_wait(page: Page, selector: str, timeout: float = 30_000) -> None:
    """Click a control that sends a command, and return once the page has the update."""
    before = await state_n(page)
    await page.click(selector, timeout=timeout)
    await page.wait_for_function("n => window.brink.state.n > n", arg=before)


async def step(page: Page) -> bool:
    """Take the quiet move the page offers (call, check or pass); False if none is offered.

    A move offered a moment ago may be gone by the time we click (a bot moved, the talks
    closed): then we report no move and the caller waits for the next offer."""
    for move in MOVES:
        button = page.locator(f"{move}:enabled")
        if await button.count():
            try:
                await click_and_wait(page, f"{move}:enabled", timeout=1_000)
            except PlaywrightTimeoutError:
                return False
            return True
    return False


async def first_ready(pages: list[Page]) -> None:
    """Return once one of the pages offers a move or shows the end of the game."""
    waits = [asyncio.ensure_future(page.wait_for_selector(READY, timeout=15_000)) for page in pages]
    done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        task.result()


async def finished(page: Page) -> bool:
    """Does the page show the end of its game? After a rematch the results of the game before
    stay in the page, hidden: only a visible end screen counts."""
    return await page.locator("#outcome-name:visible").count() > 0


async def play_out(pages: list[Page], limit: int = 300) -> None:
    """Check, call and pass on every page until the game ends on all of them."""
    for _ in range(limit):
        if all([await finished(page) for page in pages]):
            return
        moved = False
        for page in pages:
            moved = await step(page) or moved
        if not moved:
            await first_ready(pages)
    raise AssertionError("the game did not end")


async def play_first_card(page: Page) -> str | None:
    """Raise with the first card the page lets us play face up; return its id."""
    buttons = page.locator("[id^=play-us_tariff]:enabled, [id^=play-cn_tariff]:enabled")
    if not await buttons.count():
        buttons = page.locator("[id^=play-]:enabled")
    if not await buttons.count():
        return None
    button = buttons.first
    card = await button.get_attribute("id")
    before = await state_n(page)
    await button.click()
    await page.wait_for_function("n => window.brink.state.n > n", arg=before)
    return card


async def create_room(page: Page, url: str, name: str, seat: str = "washington") -> str:
    """Create an intro room without timers from the landing page and sit down; return the code."""
    await page.goto(url)
    await page.fill("#create-name", name)
    await page.select_option("#create-scenario", "intro")
    await page.uncheck("#create-timers")
    await page.check(f"#create-seat-{seat}")
    await page.click("#create-btn")
    await page.wait_for_selector("#lobby:not([hidden]), #table:not([hidden])")
    code: str = await page.evaluate("window.brink.state.room.code")
    return code


async def join_room(page: Page, url: str, code: str, name: str, seat: str) -> None:
    await page.goto(f"{url}/?room={code}")
    await expect(page.locator("#join-code")).to_have_value(code)
    await page.fill("#join-name", name)
    await page.check(f"#join-seat-{seat}")
    await page.click("#join-btn")
    await page.wait_for_selector("#table:not([hidden])")


async def play_the_bot(page: Page, name: str, scenario: str, seat: str | None = None) -> None:
    """On the landing page: `name` plays the bot in `scenario`, as `seat` (or where the form
    seats them)."""
    await page.fill("#bot-name", name)
    await page.select_option("#bot-scenario", scenario)
    if seat:
        await page.check(f"#bot-seat-{seat}")
    await page.click("#bot-btn")


async def mei_plays_the_bot(
    browser: Browser, url: str, viewport: dict[str, int], seat: str | None = None
) -> Page:
    """A page of its own (see page_errors) in which Mei plays the bot in the intro scenario."""
    _, page = await open_page(browser, viewport)
    await page.goto(url)
    await play_the_bot(page, "Mei", "intro", seat)
    return page


async def to_the_talks(page: Page, name: str, scenario: str) -> None:
    """On the landing page: `name` plays Washington against the bot in `scenario` and checks
    through to the talks."""
    await play_the_bot(page, name, scenario, "washington")
    await page.click("#act-check:enabled", timeout=30_000)
    await page.wait_for_function("() => window.brink.state.view.phase === 'talks'", timeout=60_000)


MAGNETS_REFUSED = """() => { const s = window.brink.state;
                       return s.options?.[s.room.seat]?.terms?.magnets_for_chips?.code; }"""
"""True (the reason's code) while magnets for chips is not on offer to the page's seat."""


async def test_two_browsers_play_a_whole_intro_game(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, ada = await open_page(system_chromium)
    _, bo = await open_page(system_chromium)
    await ada.goto(web_url)
    await expect(ada.locator("#create-form h2")).to_have_text("Create a room")
    await ada.screenshot(path=shots / "01-landing.png", full_page=True)

    code = await create_room(ada, web_url, "Ada")
    await expect(ada.locator("#lobby")).to_be_visible()
    await expect(ada.locator("#instructor-key")).not_to_be_empty()
    invite = await ada.input_value("#invite-link")
    assert invite.endswith(f"/?room={code}")
    await expect(ada.locator(".seat.beijing")).to_contain_text("empty")
    await ada.screenshot(path=shots / "02-lobby.png", full_page=True)

    await join_room(bo, web_url, code, "Bo", "beijing")
    # Ada's lobby sees Beijing sit down and moves to the table by itself
    await expect(ada.locator("#table")).to_be_visible()
    await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
    await expect(bo.locator("#turn-text")).to_contain_text("Waiting for Washington")
    await expect(bo.locator(".hand-backs.washington .card-back")).to_have_count(4)

    played = await play_first_card(ada)
    assert played is not None
    await expect(ada.locator("#log")).to_contain_text("Washington plays")
    await expect(bo.locator("#log")).to_contain_text("Washington plays")
    await expect(bo.locator("#turn-text")).to_contain_text("Your turn")
    await expect(bo.locator("#turn-hint")).to_contain_text("raised the stake")
    await bo.evaluate("window.scrollTo(0, 0)")
    await bo.screenshot(path=shots / "03-table-mid-game.png")

    # Beijing calls; the betting ends and the talks open on both pages
    await click_and_wait(bo, "#act-call")
    await expect(ada.locator("#builder")).to_be_visible()
    for term in ("tariff_truce", "magnets_for_chips"):
        if not await ada.locator(f"#term-{term}").is_enabled():  # not on offer in this deal
            continue
        await ada.check(f"#term-{term}")
        if await ada.locator("#propose-btn:enabled").count():
            break
        await ada.uncheck(f"#term-{term}")
    if await ada.locator("#propose-btn:enabled").count():
        await ada.select_option("#deal-rounds", "2")
        await click_and_wait(ada, "#propose-btn")
        await expect(bo.locator("#proposal")).to_contain_text("Washington proposes")
        await expect(bo.locator("#act-accept")).to_be_enabled()
        await bo.locator("#talks").scroll_into_view_if_needed()
        await bo.screenshot(path=shots / "04-talks.png")
        await click_and_wait(bo, "#act-accept")
        await expect(ada.locator("#log")).to_contain_text("Deal struck")
        await expect(ada.locator(".deal .expires")).to_contain_text("until the end of hand")

    await bo.fill("#chat-text", "Truce holds?")
    await bo.press("#chat-text", "Enter")
    await expect(ada.locator("#log .chat")).to_contain_text("Bo: Truce holds?")

    await play_out([ada, bo])
    outcome = await ada.inner_text("#outcome-name")
    assert outcome
    await expect(bo.locator("#outcome-name")).to_have_text(outcome)
    await expect(ada.locator(".score-table td.score")).to_have_count(2)
    assert await ada.locator(".chart svg polyline").count() >= 6
    await ada.screenshot(path=shots / "05-end.png")
    # The header stays usable over the results: Bo reads them in Chinese, then leaves.
    await bo.click("#lang-zh", timeout=5_000)
    await expect(bo.locator("#end-h")).to_have_text("遊戲結束")
    await bo.screenshot(path=shots / "05-end-zh.png")
    await bo.click("#leave", timeout=5_000)
    await expect(bo.locator("#landing")).to_be_visible()
    assert page_errors(ada) == []
    assert page_errors(bo) == []


async def test_a_browser_plays_a_bot_at_phone_width(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, page = await open_page(system_chromium, PHONE)
    await page.goto(web_url)
    await page.fill("#bot-name", "Mei")
    await page.select_option("#bot-scenario", "intro")
    await page.select_option("#bot-kind", "dove")
    await page.check("#bot-seat-beijing")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    await expect(page.locator("#room-badge")).to_contain_text("Beijing")
    await expect(page.locator("#timer")).to_contain_text("time left")
    await page.wait_for_selector(READY)
    await page.evaluate("window.scrollTo(0, 0)")
    await page.screenshot(path=shots / "06-phone-table.png")
    await play_out([page])
    await expect(page.locator("#outcome-name")).to_be_visible()
    await page.screenshot(path=shots / "07-phone-end.png")
    # the results can be closed to look at the table, and opened again
    await page.click("#close-end")
    await expect(page.locator("#end")).to_be_hidden()
    await page.click("#show-end")
    await expect(page.locator("#outcome-name")).to_be_visible()
    assert page_errors(page) == []


async def test_a_rematch_against_a_bot_is_played_to_its_own_end(
    system_chromium: Browser, web_url: str
) -> None:
    # After a rematch the page keeps the first game's results, hidden: play_out must wait for
    # the end of the game on the table, not stop at once at the results of the one before.
    _, page = await open_page(system_chromium)
    await page.goto(web_url)
    await page.fill("#bot-name", "Mei")
    await page.select_option("#bot-scenario", "intro")
    await page.select_option("#bot-kind", "dove")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    code: str = await page.evaluate("window.brink.state.room.code")
    await play_out([page])
    await page.click("#rematch")
    await page.wait_for_function(
        "code => window.brink.state.room?.code !== code && window.brink.state.view"
        " && !window.brink.state.view.outcome",
        arg=code,
    )
    await expect(page.locator("#end")).to_be_hidden()
    await play_out([page])
    assert await page.evaluate("window.brink.state.view.outcome")
    await expect(page.locator("#outcome-name")).to_be_visible()
    assert page_errors(page) == []


async def python_move(client: BrinkClient) -> Command | None:
    """What the Python client's quiet strategy would send now, if it is waited for."""
    view = client.view
    me = "washington"
    if view.get("outcome"):
        return None
    if view["phase_kind"] == "betting" and view["to_act"] == me:
        return Call() if view["facing"] else Check()
    if view["phase_kind"] == "talks" and me not in view["passed"]:
        return PassTalks()
    return None


async def caught_up(client: BrinkClient, n: int) -> None:
    """Return once `client` has the log up to position `n`."""
    await client.wait_for(lambda _: client.n >= n)


async def test_a_browser_plays_the_python_client(system_chromium: Browser, web_url: str) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Script") as script:
        created = await script.create_room("intro", timers=False)
        await script.join(created.code, "washington")
        _, page = await open_page(system_chromium)
        await join_room(page, web_url, created.code, "Li", "beijing")
        await expect(page.locator(".seat.washington .seat-holder").first).to_contain_text("Script")
        for _ in range(300):
            if await finished(page):
                break
            # The script's view is made as new as the page's first: a move the page made reaches
            # the two sockets one after the other, and on a script's view without it there was
            # nothing to play, so the wait below for the page's next move waited for good.
            await caught_up(script, await state_n(page))
            command = await python_move(script)
            if command is not None:
                seen = await state_n(page)
                await script.act(command)
                await page.wait_for_function("n => window.brink.state.n > n", arg=seen)
                continue
            if not await step(page):
                await page.wait_for_function(
                    "n => window.brink.state.n > n", arg=await state_n(page)
                )
        await expect(page.locator("#outcome-name")).to_be_visible()
        await script.wait_for(lambda view: view["outcome"] is not None)
        assert script.view["outcome"] == await page.evaluate("window.brink.state.view.outcome")
    assert page_errors(page) == []


@pytest.mark.parametrize("scenario", ["classroom", "full_2025"])
async def test_every_scenario_plays_to_its_end_against_a_bot(
    system_chromium: Browser, web_url: str, scenario: str
) -> None:
    _, page = await open_page(system_chromium)
    await page.goto(web_url)
    await page.fill("#bot-name", "Kim")
    await page.select_option("#bot-scenario", scenario)
    await page.select_option("#bot-kind", "hawk")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    await play_out([page])
    await expect(page.locator("#outcome-name")).not_to_be_empty()
    assert await page.locator(".chart svg polyline").count() >= 6
    assert page_errors(page) == []
