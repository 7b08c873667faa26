"""The replay of a game still being played says so, with how many moves so far, and grows as
moves are made (its Refresh button here; the page also asks by itself every few seconds).
Washington's replay asks only for Washington's view: the hidden-information rule holds."""

from __future__ import annotations

import json

import aiohttp
from playwright.async_api import Browser, Request, expect
from replaykit import quiet_moves

from client.connection import BrinkClient


async def _steps(web_url: str, code: str, token: str) -> int:
    url, headers = f"{web_url}/api/games/{code}?as=washington", {"X-Brink-Tokens": token}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as reply:
        found: int = (await reply.json())["entries"]
    return found


async def test_a_running_games_replay_says_so_and_picks_up_new_moves(
    web_url: str, system_chromium: Browser
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as washington, BrinkClient(ws_url, "Bo") as beijing:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        await quiet_moves((washington, beijing), 3)
        token = washington.token
        assert token is not None
        context = await system_chromium.new_context()
        asked: list[str] = []
        try:
            page = await context.new_page()
            page.on("request", lambda request: _note(asked, request))
            await page.goto(web_url)
            kept = json.dumps([{"code": room.code, "seat": "washington", "token": token}])
            await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
            await page.goto(f"{web_url}/?game={room.code}&as=washington&step=9999")
            running = page.locator("#rp-running")
            await expect(running).to_contain_text("This game is still being played: 3 moves so far")
            before = await _steps(web_url, room.code, token)
            await expect(page.locator("#rp-pos")).to_contain_text(f"Step {before} of {before}")

            await quiet_moves((washington, beijing), 2)
            after = await _steps(web_url, room.code, token)
            assert after > before
            await page.click("#rp-refresh")
            await expect(running).to_contain_text("5 moves so far")
            # the page was at the last step: it follows the game to its new last step
            await expect(page.locator("#rp-pos")).to_contain_text(f"Step {after} of {after}")
        finally:
            await context.close()
    games = [url for url in asked if "/api/games/" in url]
    others = [url for url in games if "as=" in url and "as=washington" not in url]
    assert games and not others, games  # never another side's view, nor the all-seeing one


def _note(asked: list[str], request: Request) -> None:
    asked.append(request.url)
