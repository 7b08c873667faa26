"""The replay viewer's analysis in a real browser, against a real server on a real Redis: the
words-and-deeds ledger, the evaluation graph, the historical 2025 line's notes, "continue from
here" (a live room from a step of a finished game) and making a game public. The games are
played with the Python client first (test_replay.py's helpers)."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page, expect
from web.test_replay import (
    LAPTOP,
    PHONE,
    Open,
    open_page,
    page_errors,
    play_a_game,
    remember,
    step_of,
    violations,
)

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def open_all_seeing(page: Page, web_url: str, code: str, key: str) -> None:
    await remember(page, web_url, [{"code": code, "key": key}])
    await page.goto(f"{web_url}/?game={code}&as=all&step=0")
    await expect(page.locator("#rp-pos")).to_contain_text("Step 0 of")


async def test_the_ledger_lists_the_threat_and_goes_to_its_step(
    open_page: Open, web_url: str, shots: Path
) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    await open_all_seeing(page, web_url, game.code, game.key)
    ledger = page.locator("#rp-ledger")
    threat = ledger.locator(f'.lg-row.threat[data-n="{game.bluff_n}"]')
    await expect(threat).to_be_hidden()  # not made yet at step 0
    await page.keyboard.press("End")
    await expect(threat).to_contain_text("Washington · Hand 1")
    await expect(threat).to_contain_text(game.bluff_name)
    await expect(threat).to_contain_text(f"step {game.bluff_n}")
    await threat.click()
    await expect(page.locator("#rp-pos")).to_have_text(f"Step {game.bluff_n} of {game.entries}")
    assert await step_of(page) == game.bluff_n
    await expect(threat).to_be_visible()
    await expect(threat).to_have_attribute("aria-current", "true")
    await page.screenshot(path=shots / "30-ledger-all-seeing.png", full_page=True)

    # Beijing's ledger never names the card Beijing did not see put down
    await page.click("#rp-as-beijing")
    threat = page.locator(f'#rp-ledger .lg-row.threat[data-n="{game.bluff_n}"]')
    await expect(threat).to_contain_text("a hidden card — not settled yet")
    assert game.bluff_name not in await page.inner_text("#replay")
    await page.click("#lang-zh")
    await expect(page.locator("#rp-ledger-h")).to_have_text("言與行")
    await expect(threat).to_contain_text("第 1 局")
    await page.screenshot(path=shots / "31-ledger-beijing-zh.png", full_page=True)
    # at a phone's width: no sideways scrolling, the table before the analysis
    await page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    wide: int = await page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"the page is {wide} px wide at a phone's width"
    await page.screenshot(path=shots / "39-analysis-phone-zh.png", full_page=True)
    assert page_errors(page) == []
    assert await violations(page) == []


async def test_the_evaluation_graph_goes_to_the_step_clicked(
    open_page: Open, web_url: str, shots: Path
) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    await open_all_seeing(page, web_url, game.code, game.key)
    graph = page.locator("#rp-eval")
    await expect(graph.locator("#rp-eval-h")).to_have_text("Washington's chance of winning")
    points = graph.locator("circle.ev-pt")
    await expect(points.first).to_be_attached(timeout=30_000)  # worked out on first request
    await expect(graph).to_have_attribute("aria-busy", "false")
    count = await points.count()
    assert count >= 3, count
    ns = [int(await points.nth(i).get_attribute("data-n") or "-1") for i in range(count)]
    assert ns == sorted(ns) and ns[0] >= 0 and ns[-1] <= game.entries, ns
    target = ns[count // 2]
    await points.nth(count // 2).dispatch_event("click")
    await expect(page.locator("#rp-pos")).to_have_text(f"Step {target} of {game.entries}")
    assert await step_of(page) == target
    # the line at the step follows it
    line_x = float(await page.locator("#rp-eval-now").get_attribute("x1") or "0")
    dot_x = float(await points.nth(count // 2).get_attribute("cx") or "-1")
    assert abs(line_x - dot_x) < 0.2, (line_x, dot_x)
    # a click anywhere on the graph goes to the nearest point: the far left, the first
    box = await page.locator("#rp-eval svg").bounding_box()
    assert box is not None
    await page.mouse.click(box["x"] + 2, box["y"] + box["height"] / 2)
    await expect(page.locator("#rp-pos")).to_have_text(f"Step {ns[0]} of {game.entries}")
    await page.screenshot(path=shots / "32-evaluation.png", full_page=False)
    assert page_errors(page) == []
    assert await violations(page) == []


async def test_the_2025_line_opens_from_the_landing_page_with_its_notes(
    open_page: Open, web_url: str, shots: Path
) -> None:
    _, page = await open_page(LAPTOP)
    await page.goto(web_url)
    await expect(page.locator("#h2025-link")).to_have_text("The 2025 trade war, step by step")
    await page.screenshot(path=shots / "35-landing-2025-link.png")
    await page.click("#h2025-link")
    await expect(page.locator("#rp-as-instructor")).to_have_attribute("aria-pressed", "true")
    assert "game=H2025" in page.url and "as=all" in page.url
    await expect(page.locator("#rp-pos")).to_contain_text("Step 0 of")
    note = page.locator("#rp-note")
    await expect(note).to_be_hidden()  # no note before the first position
    await page.keyboard.press("ArrowRight")
    await expect(note).to_be_visible()
    await expect(note).to_contain_text("The 2025 trade war as dealt")
    notes: dict[str, dict[str, str]] = await page.evaluate(
        "fetch('/api/games/H2025').then(r => r.json()).then(s => s.notes)"
    )
    second = sorted(int(n) for n in notes)[1]
    await page.locator("#rp-slider").fill(str(second))
    await expect(note).to_contain_text(notes[str(second)]["en"])
    await expect(note).to_contain_text("Liberation Day")
    await page.keyboard.press("ArrowRight")  # a step with no note of its own keeps the last
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {second + 1} of")
    if str(second + 1) not in notes:
        await expect(note).to_contain_text(notes[str(second)]["en"])
    # the ledger and the graph of the historical line (up to the step: at the end, all of it)
    await expect(page.locator("#rp-eval circle.ev-pt").first).to_be_attached(timeout=60_000)
    await page.screenshot(path=shots / "33-history-2025.png", full_page=False)
    await page.keyboard.press("End")
    await expect(note).to_be_visible()
    await expect(page.locator("#rp-ledger .lg-row").first).to_be_visible()
    await page.screenshot(path=shots / "34-history-2025-end.png", full_page=True)
    assert page_errors(page) == []
    assert await violations(page) == []


async def test_continue_from_here_sits_down_in_a_new_room(
    open_page: Open, web_url: str, shots: Path
) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    await open_all_seeing(page, web_url, game.code, game.key)
    # where the game is over there is nothing to continue: not offered, and the page says why
    await page.keyboard.press("End")
    await page.click("#rp-continue-btn")
    await expect(page.locator("#fork-go")).to_have_text(f"Play on from step {game.entries}")
    await expect(page.locator("#fork-go")).to_be_disabled()
    await expect(page.locator("#fork-error")).to_have_text(
        "The game is over at this step: go back a little."
    )
    # nor before the first move
    await page.keyboard.press("Home")
    await expect(page.locator("#fork-go")).to_be_disabled()
    await expect(page.locator("#fork-error")).to_have_text(
        "The game has not begun at this step: go forward a little."
    )
    # from the face-down card: Beijing, against a bot. The card went down inside a command's
    # events: the button names the step the game plays on from, the one before that command
    await page.locator("#rp-slider").fill(str(game.bluff_n))
    await expect(page.locator("#rp-pos")).to_have_text(f"Step {game.bluff_n} of {game.entries}")
    rest = await page.evaluate(
        f"""async () => (await (await fetch("/api/games/{game.code}/step?n={game.bluff_n}&as=all",
            {{headers: {{Authorization: "Bearer {game.key}"}}}})).json()).rest"""
    )
    assert 0 < rest < game.bluff_n
    await expect(page.locator("#fork-go")).to_have_text(f"Play on from step {rest}")
    await expect(page.locator("#fork-error")).to_be_empty()
    await page.check("#fork-side-beijing")
    await page.select_option("#fork-bot", "tit_for_tat")
    await page.fill("#fork-name", "Cy")
    await page.screenshot(path=shots / "36-continue-from-here.png", full_page=False)
    await page.click("#fork-go")
    await expect(page.locator("#table")).to_be_visible()
    await expect(page.locator("#replay")).to_be_hidden()
    room = await page.evaluate("window.brink.state.room")
    assert room["seat"] == "beijing" and room["code"] != game.code, room
    await expect(page.locator("#room-badge")).to_contain_text(f"{room['code']} · Beijing")
    assert f"room={room['code']}" in page.url and "game=" not in page.url
    # the page plays on from the resting point before the card went down (the step is inside
    # that command's events): the game's own first hand, Beijing's own cards, the bot moving
    await expect(page.locator("#board .my-hand .card.beijing").first).to_be_visible()
    await expect(page.locator("#log")).to_contain_text("Hand 1 of 3")
    assert 0 < await page.evaluate("window.brink.state.n") >= game.bluff_n - 5
    kept = await page.evaluate("localStorage.getItem('brink.games')")
    assert room["code"] in kept
    await page.screenshot(path=shots / "37-forked-table.png", full_page=False)

    # the original's replay lists the room that continues it
    await page.goto(f"{web_url}/?game={game.code}&as=all")
    fork = page.locator(f'#rp-forks a[data-code="{room["code"]}"]')
    await expect(fork).to_be_visible()
    # the teacher makes the game public: a browser holding nothing opens it all-seeing
    await page.click("#rp-public")
    await expect(page.locator("#rp-public-state")).to_have_text("Public: anyone may replay it.")
    await expect(page.locator("#rp-public")).to_have_text("Make private again")
    await page.screenshot(path=shots / "38-forks-and-public.png", full_page=False)
    await fork.click()
    await expect(page.locator("#rp-title")).to_contain_text(room["code"])
    # the one refusal asked for above (the browser logs the 409 of a fetch)
    assert [e for e in page_errors(page) if "409 (Conflict)" not in e] == []
    assert await violations(page) == []

    _, stranger = await open_page(LAPTOP)
    await stranger.goto(f"{web_url}/?game={game.code}&as=all")
    await expect(stranger.locator("#rp-as-instructor")).to_have_attribute("aria-pressed", "true")
    await expect(stranger.locator("#rp-public")).to_have_count(0)  # no key: no switch
    assert page_errors(stranger) == []


async def test_a_player_replaying_her_side_is_not_shown_the_evaluation_graph(
    open_page: Open, web_url: str
) -> None:
    """The graph is worked out from the true position: Beijing's could tell Beijing whether a
    face-down card it never called was real. A player's replay has the ledger, not the graph."""
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    await remember(
        page, web_url, [{"code": game.code, "seat": "beijing", "token": game.tokens["beijing"]}]
    )
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    await page.goto(f"{web_url}/?game={game.code}&as=beijing&step={game.entries}")
    await expect(page.locator("#rp-pos")).to_have_text(f"Step {game.entries} of {game.entries}")
    await expect(page.locator("#rp-ledger")).to_be_visible()
    await expect(page.locator("#rp-eval")).to_have_count(0)
    assert not [url for url in asked if url.endswith("/evaluation")], asked
    assert page_errors(page) == []
