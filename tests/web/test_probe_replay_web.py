"""Replaying last week's games in a real browser, against a real server on a real Redis: the end
of a game offers its replay to whoever may open it (the teacher with the room's key; not a
spectator); a "what if" game says in its replay and in the list of past games which game and
step it continues, with a link to that point. The games are played by the server's bots."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from playwright.async_api import expect
from web.test_replay import LAPTOP, Open, open_page, page_errors, remember, violations, watch

from client.connection import BrinkClient

__all__ = ["open_page"]  # the fixture, shared with test_replay.py

BOTS = {"washington": "random", "beijing": "random"}


async def _bots_game(ws_url: str) -> tuple[str, str]:
    """A game the server's bots play to its end: its code and instructor key."""
    async with BrinkClient(ws_url, "Watcher") as watcher:
        room = await watcher.create_room("intro", timers=False, bots=BOTS)
        await watcher.join(room.code)
        await watcher.wait_for(lambda view: view.get("outcome") is not None, timeout=60)
    return room.code, room.instructor_key


async def _finished(ws_url: str, code: str) -> None:
    async with BrinkClient(ws_url, "Watcher") as watcher:
        await watcher.join(code)
        await watcher.wait_for(lambda view: view.get("outcome") is not None, timeout=60)


async def _listed(web_url: str, code: str, key: str) -> None:
    """Return once the finished games' index lists `code`: it is written just after the game's
    last update goes out, so a watcher may see the end before the game is listed."""
    bearer = {"Authorization": f"Bearer {key}"}
    async with aiohttp.ClientSession() as http, asyncio.timeout(30):
        while True:
            async with http.get(f"{web_url}/api/games", headers=bearer) as reply:
                games = (await reply.json())["games"]
            if any(game["code"] == code for game in games):
                return
            await asyncio.sleep(0.05)


async def test_the_end_offers_the_replay_to_whoever_may_open_it(
    open_page: Open, web_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    code, key = await _bots_game(ws_url)
    context, teacher = await open_page(LAPTOP)
    await teacher.goto(f"{web_url}/?room={code}")
    await teacher.click("details.teacher summary")
    await teacher.fill("#join-key", key)
    await teacher.click("#join-btn")
    link = teacher.locator("#end #watch-replay")
    await expect(link).to_have_text("Watch the replay")
    assert await link.get_attribute("href") == f"/?game={code}&as=all"
    async with context.expect_page() as opened:
        await link.click()  # a new tab: the results stay where they are
    replay = await opened.value
    watch(replay)
    await expect(replay.locator("#rp-pos")).to_contain_text("Step 0 of")
    await expect(replay.locator("#rp-as-instructor")).to_have_attribute("aria-pressed", "true")
    await expect(teacher.locator("#end")).to_be_visible()

    _, watcher = await open_page(LAPTOP)  # a spectator holds nothing that opens the record
    await watcher.goto(f"{web_url}/?room={code}")
    await watcher.check("#join-seat-spectator")
    await watcher.click("#join-btn")
    await expect(watcher.locator("#end #outcome-name")).to_be_visible()
    await expect(watcher.locator("#watch-replay")).to_have_count(0)
    for page in (teacher, replay, watcher):
        assert page_errors(page) == [] and await violations(page) == []


async def test_a_what_if_says_which_game_and_step_it_continues(
    open_page: Open, web_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    code, key = await _bots_game(ws_url)
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{web_url}/api/games/{code}/fork",
            json={"step": 30, "bots": BOTS, "language": "en"},
            headers={"Authorization": f"Bearer {key}"},
        ) as reply,
    ):
        forked: dict[str, Any] = await reply.json()
        assert reply.status == 200, forked
    fork, step = forked["code"], forked["step"]
    await _finished(ws_url, fork)
    await _listed(web_url, fork, forked["instructor_key"])  # the list below shows it
    _, page = await open_page(LAPTOP)
    await remember(
        page, web_url, [{"code": code, "key": key}, {"code": fork, "key": forked["instructor_key"]}]
    )
    await page.goto(f"{web_url}/?game={fork}&as=all")
    said = f"A “what if” continuing {code} at step {step}, made "  # and when it was made
    await expect(page.locator("#rp-forked")).to_contain_text(said)
    await page.click("#rp-forked-from")
    await expect(page.locator("#rp-title")).to_contain_text(code)
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {step} of")
    assert f"game={code}" in page.url and f"step={step}" in page.url
    await expect(page.locator(f'#rp-forks a[data-code="{fork}"]')).to_be_visible()

    await page.goto(f"{web_url}/?games=1")
    row = page.locator(f'.game-row[data-code="{fork}"]')
    await expect(row.locator(".game-forked")).to_have_text(said.removesuffix(", made "))
    await expect(page.locator(f'.game-row[data-code="{code}"] .game-forked')).to_have_count(0)
    assert page_errors(page) == [] and await violations(page) == []
