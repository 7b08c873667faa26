"""Past games in a real browser: the Games screen and the replay viewer, against a real server
on a real Redis. A finished game is played first with the Python client (Washington raises with
a card face down, so there is something Beijing must not see); the page is then given the
credentials a player's browser would have remembered (localStorage "brink.games")."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from clientkit import until
from playwright.async_api import Browser, BrowserContext, Page, expect

from client.connection import BrinkClient, ServerError
from client.rules import fetch_rules
from server.engine.commands import Bluff, Call, Check, Command, PassTalks

LAPTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${where}`);
});
"""
Open = Callable[[dict[str, int]], Awaitable[tuple[BrowserContext, Page]]]


@pytest.fixture
async def open_page(system_chromium: Browser, web_url: str) -> AsyncIterator[Open]:
    """Open pages in new browser contexts (each its own storage) that record errors; they are
    closed before the server stops (a page's open socket outside a room holds up its stop)."""
    contexts: list[BrowserContext] = []

    async def open_one(viewport: dict[str, int]) -> tuple[BrowserContext, Page]:
        context = await system_chromium.new_context(viewport=viewport)  # type: ignore[arg-type]
        contexts.append(context)
        await context.add_init_script(RECORD_VIOLATIONS)
        page = await context.new_page()
        watch(page)
        return context, page

    yield open_one
    for context in contexts:
        await context.close()


def watch(page: Page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]


def page_errors(page: Page) -> list[str]:
    found: list[str] = page.errors  # type: ignore[attr-defined]
    return found


async def violations(page: Page) -> list[str]:
    """What the Content-Security-Policy blocked on the page (nothing, we hope)."""
    found: list[str] = await page.evaluate("window.cspViolations")
    return found


@dataclass
class Game:
    code: str
    key: str
    tokens: dict[str, str]
    entries: int
    bluff_n: int  # where Washington's face-down card went on the table
    bluff_name: str  # that card's English name, which Beijing must not be shown
    washington_hand: int  # how many cards Washington held then


async def _quiet(client: BrinkClient) -> Command | None:
    options = client.my_options
    if options is None:
        return None
    for command in (Call(), Check(), PassTalks()):
        if options.actions.get(command.type, "no") is None:
            return command
    return None


def bluffable(client: BrinkClient) -> list[str]:
    options = client.my_options
    return [card for card, refused in options.bluff.items() if refused is None] if options else []


async def play_a_game(web_url: str) -> Game:
    """Play intro games until one has Washington raise with a card face down (a hand may offer
    none): Washington bluffs once, Beijing asks about it in the chat, and otherwise both sides
    call, check and pass to the end."""
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    # The tuned intro rules deal a bluffable card to Washington less often: up to 25 deals.
    for _ in range(25):
        game = await _one_game(ws_url)
        if game is not None:
            return game
    raise AssertionError("Washington never held a card it could put face down")


async def changed(*clients: BrinkClient) -> None:
    """Return once one of `clients` has more of the log than now. (Waiting on one of them
    alone waited for good when the move to come was the other's, its view a moment behind.)"""
    seen = [client.n for client in clients]
    await until(lambda: [client.n for client in clients] != seen, timeout=10)


async def _one_game(ws_url: str) -> Game | None:
    async with BrinkClient(ws_url, "Ada") as washington, BrinkClient(ws_url, "Bo") as beijing:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        card, bluff_n, hand = "", 0, 0
        for _ in range(400):
            if beijing.finished:
                break
            moved = False
            for client in (washington, beijing):
                cards = bluffable(client) if client is washington and not card else []
                command = Bluff(card=cards[0]) if cards else await _quiet(client)
                if command is None:
                    continue
                seq = client.view["seq"]
                try:
                    await client.act(command)
                except ServerError:
                    continue
                moved = True
                if isinstance(command, Bluff):
                    card = command.card
                    await beijing.wait_for(lambda view: bool(view["face_down"]))
                    bluff_n = next(
                        e.n
                        for e in beijing.entries
                        if e.event and e.event.type == "card_played_face_down"
                    )
                    hand = beijing.view["sides"]["washington"]["hand_count"]
                    await beijing.chat("Is that a real threat?")
                await client.wait_for(
                    lambda view, seq=seq: view["seq"] > seq or view["outcome"] is not None
                )
            if not moved:  # a view behind the other's: wait for either to change
                await changed(washington, beijing)
        for client in (washington, beijing):
            await client.wait_for(lambda view: view["outcome"] is not None)
        if not card:
            return None
        rules = await fetch_rules(ws_url, "intro")
        return Game(
            room.code,
            room.instructor_key,
            {"washington": washington.token or "", "beijing": beijing.token or ""},
            max(washington.n, beijing.n),
            bluff_n,
            rules.cards[card].name.en,
            hand,
        )


async def remember(page: Page, web_url: str, items: list[dict[str, Any]]) -> None:
    """Give the page the credentials a browser that played the game would have kept."""
    await page.goto(web_url)
    await page.evaluate("items => localStorage.setItem('brink.games', items)", json.dumps(items))


async def step_of(page: Page) -> int:
    found = re.search(r"[?&]step=(\d+)", page.url)
    assert found, page.url
    return int(found.group(1))


async def test_a_player_replays_the_game_as_beijing(
    open_page: Open, web_url: str, shots: Path
) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    await remember(
        page, web_url, [{"code": game.code, "seat": "beijing", "token": game.tokens["beijing"]}]
    )
    await page.reload()
    await page.click("#games-btn")
    row = page.locator(f'.game-row[data-code="{game.code}"]')
    await expect(row).to_contain_text("Ada (Washington)")
    await expect(row).to_contain_text("Bo (Beijing)")
    await expect(row).to_contain_text(f"{game.entries} steps")
    # Beijing's player may watch as Beijing or as a spectator: nothing else is offered
    links = row.locator("a.watch")
    assert [await link.get_attribute("data-view") for link in await links.all()] == [
        "beijing",
        "spectator",
    ]
    # the filters go to the server: another scenario lists nothing, a player's name finds it
    await page.select_option("#games-scenario", "classroom")
    await page.click("#games-show")
    await expect(page.locator("#games-none")).to_be_visible()
    await page.select_option("#games-scenario", "")
    await page.fill("#games-player", "ada")
    await page.click("#games-show")
    await expect(row).to_be_visible()
    await page.screenshot(path=shots / "20-games.png", full_page=True)

    await row.locator("a.watch.beijing").click()
    await expect(page.locator("#rp-pos")).to_have_text(f"Step 0 of {game.entries}")
    await expect(page.locator("#rp-as-beijing")).to_have_attribute("aria-pressed", "true")
    await expect(page.locator("#rp-as-washington")).to_have_count(0)
    await expect(page.locator("#rp-as-instructor")).to_have_count(0)
    # keys and buttons step through the game; the address follows
    for _ in range(3):
        await page.keyboard.press("ArrowRight")
    await expect(page.locator("#rp-pos")).to_have_text(f"Step 3 of {game.entries}")
    await page.click("#rp-fwd1")
    await expect(page.locator("#rp-pos")).to_have_text(f"Step 4 of {game.entries}")
    await page.click("#rp-back1")
    await page.keyboard.press("ArrowLeft")
    await expect(page.locator("#rp-pos")).to_have_text(f"Step 2 of {game.entries}")
    assert await step_of(page) == 2 and "as=beijing" in page.url
    await page.keyboard.press("End")
    await expect(page.locator("#rp-status")).to_contain_text("Game over")
    await page.keyboard.press("Home")
    await expect(page.locator("#rp-status")).to_contain_text("Before the game starts")

    # the slider moves to any step
    await page.locator("#rp-slider").fill("9")
    await expect(page.locator("#rp-pos")).to_have_text(f"Step 9 of {game.entries}")

    # the moment Washington put a card face down: Beijing sees its back, never its face
    # (its tooltip names it from its step on: at step 9 a later one is told by its step only)
    marker = page.locator(".rp-markers .mk-bluff")
    named = f"Card face down · Hand 1 · step {game.bluff_n}"
    later = f"Later in the game · step {game.bluff_n}"
    await expect(marker).to_have_attribute("title", later if game.bluff_n > 9 else named)
    await expect(page.locator("#rp-legend")).to_contain_text("Card face down")
    await marker.click()
    await expect(page.locator("#rp-pos")).to_have_text(f"Step {game.bluff_n} of {game.entries}")
    await expect(marker).to_have_attribute("title", named)
    board = page.locator("#rp-board")
    await expect(board.locator(".hand-backs.washington .card-back")).to_have_count(
        game.washington_hand
    )
    await expect(board.locator(".open-hand.washington")).to_have_count(0)
    await expect(board.locator("[data-card^=us_]")).to_have_count(0)
    await expect(board.locator(".open-hand.beijing .card").first).to_be_visible()
    await expect(board.locator(".face-down li.washington")).to_have_text(
        "a hidden card from Washington"
    )
    await expect(page.locator("#rp-log li.now")).to_have_text(
        "Washington puts a card face down: a threat."
    )
    assert game.bluff_name not in await page.inner_text("#replay")
    await page.screenshot(path=shots / "21-replay-beijing.png", full_page=True)

    # space plays and pauses; the log follows
    await page.keyboard.press("Space")
    await expect(page.locator("#rp-play")).to_have_attribute("aria-pressed", "true")
    await page.wait_for_function(
        "n => new URLSearchParams(location.search).get('step') > n", arg=game.bluff_n + 1
    )
    await page.keyboard.press("Space")
    await expect(page.locator("#rp-play")).to_have_attribute("aria-pressed", "false")
    await page.keyboard.press("End")
    await expect(page.locator("#rp-log")).to_contain_text("Bo: Is that a real threat?")
    # the hand buttons jump to the start of each hand
    await page.click("#rp-hand-2")
    await expect(page.locator("#rp-status")).to_contain_text("Hand 2 of 3")
    await expect(page.locator("#rp-hand-2")).to_have_attribute("aria-current", "true")
    assert page_errors(page) == []
    assert await violations(page) == []


async def test_the_teacher_sees_everything_and_a_step_link_opens_that_step(
    open_page: Open, web_url: str, shots: Path
) -> None:
    game = await play_a_game(web_url)
    context, page = await open_page(LAPTOP)
    await page.goto(web_url)
    await page.click("#games-btn")
    # A new browser holds no game of its own: only the historical 2025 line, open to all.
    await expect(page.locator("#games-list > li")).to_have_count(1)
    await expect(page.locator("#games-list")).to_contain_text("2025")
    await page.fill("#key-code", game.code.lower())
    await page.fill("#key-key", game.key)
    await page.click("#key-open")
    await expect(page.locator("#rp-as-instructor")).to_have_attribute("aria-pressed", "true")
    for view in ("washington", "beijing", "spectator"):
        await expect(page.locator(f"#rp-as-{view}")).to_be_visible()
    # all-seeing: Washington's hand and the card it put face down are shown
    await page.click(".rp-markers .mk-bluff")
    await expect(page.locator("#rp-pos")).to_have_text(f"Step {game.bluff_n} of {game.entries}")
    board = page.locator("#rp-board")
    await expect(board.locator(".open-hand.washington .card")).to_have_count(game.washington_hand)
    await expect(board.locator(".face-down li.washington")).to_have_text(
        f"Washington's hidden card: {game.bluff_name}"
    )
    await expect(page.locator("#rp-log li.now")).to_have_text(
        f"Washington puts {game.bluff_name} face down."
    )
    await page.screenshot(path=shots / "22-replay-all-seeing.png", full_page=True)
    # the same step as Beijing: hidden again
    await page.click("#rp-as-beijing")
    await expect(page.locator("#rp-as-beijing")).to_have_attribute("aria-pressed", "true")
    await expect(board.locator(".open-hand.washington")).to_have_count(0)
    await expect(board.locator(".hand-backs.washington .card-back")).to_have_count(
        game.washington_hand
    )
    assert game.bluff_name not in await page.inner_text("#replay")
    assert await step_of(page) == game.bluff_n
    # the key was remembered: the Games screen lists the room with every view
    await page.click("#rp-back")
    row = page.locator(f'#games-mine .game-row[data-code="{game.code}"]')
    await expect(row.locator("a.watch")).to_have_count(4)

    # a link to a step, as an instructor would paste it, opens at that step in a new page
    n = game.bluff_n + 3
    link = await context.new_page()
    watch(link)
    await link.goto(f"{web_url}/?game={game.code}&step={n}&as=spectator")
    await expect(link.locator("#rp-pos")).to_have_text(f"Step {n} of {game.entries}")
    await expect(link.locator("#rp-as-spectator")).to_have_attribute("aria-pressed", "true")
    await expect(link.locator("#rp-board .open-hand")).to_have_count(0)
    await expect(link.locator("#rp-sides")).to_contain_text("Secret in this view")
    # stepping back from a link fetches only the view; forward again, the log is the same
    before = await link.inner_text("#rp-log")
    await link.keyboard.press("ArrowLeft")
    await expect(link.locator("#rp-pos")).to_have_text(f"Step {n - 1} of {game.entries}")
    await link.keyboard.press("ArrowRight")
    await expect(link.locator("#rp-pos")).to_have_text(f"Step {n} of {game.entries}")
    assert await link.inner_text("#rp-log") == before
    # a stranger's browser is told the game is not there
    _, stranger = await open_page(LAPTOP)
    await stranger.goto(f"{web_url}/?game={game.code}&step={n}&as=all")
    await expect(stranger.locator("#rp-error")).to_contain_text("No such game")
    assert page_errors(page) == [] and page_errors(link) == []
    assert await violations(page) == [] and await violations(link) == []


async def test_the_viewer_in_chinese_at_phone_width(
    open_page: Open, web_url: str, shots: Path
) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(PHONE)
    await remember(
        page, web_url, [{"code": game.code, "seat": "beijing", "token": game.tokens["beijing"]}]
    )
    await page.goto(f"{web_url}/?game={game.code}&step={game.bluff_n}&as=washington")
    # Washington's view is not this browser's: it opens in the one it may see
    await expect(page.locator("#rp-as-beijing")).to_have_attribute("aria-pressed", "true")
    await expect(page.locator("#rp-pos")).to_have_text(f"Step {game.bluff_n} of {game.entries}")
    await page.click("#lang-zh")
    await expect(page.locator("#rp-pos")).to_have_text(
        f"第 {game.bluff_n} 步，共 {game.entries} 步"
    )
    await expect(page.locator("#rp-log")).to_contain_text("第 1 局")
    await expect(page.locator("#rp-log li.now")).to_have_text("華盛頓蓋下一張牌：一個威脅。")
    await expect(page.locator("#rp-as-beijing")).to_have_text("北京視角")
    wide: int = await page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"the page is {wide} px wide at a phone's width"
    await page.screenshot(path=shots / "23-replay-phone-zh.png")
    await page.click("#rp-fwd1")
    await expect(page.locator("#rp-pos")).to_have_text(
        f"第 {game.bluff_n + 1} 步，共 {game.entries} 步"
    )
    await page.click("#rp-back")
    await expect(page.locator("#games-h")).to_have_text("過去的對局")
    await page.screenshot(path=shots / "24-games-phone-zh.png", full_page=True)
    assert page_errors(page) == []
    assert await violations(page) == []


async def test_the_browser_remembers_its_seats_and_keys(open_page: Open, web_url: str) -> None:
    _, page = await open_page(LAPTOP)
    await page.goto(web_url)
    await page.fill("#create-name", "Ada")
    await page.uncheck("#create-timers")
    await page.click("#create-btn")
    await expect(page.locator("#lobby")).to_be_visible()
    kept = json.loads(await page.evaluate("localStorage.getItem('brink.games')"))
    code = await page.evaluate("window.brink.state.room.code")
    assert {"code", "key"} <= kept[1].keys() and kept[1]["code"] == code
    assert kept[0] == {"code": code, "seat": "washington", "token": kept[0]["token"]}
    # resuming the seat still goes by the session (unchanged)
    session = json.loads(await page.evaluate("sessionStorage.getItem('brink.session')"))
    assert session["token"] == kept[0]["token"]
    assert page_errors(page) == []
