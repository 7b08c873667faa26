"""The replay's banner says whose turn it is only where the game waits for a move. Inside a
move's events the view is the game as it stood at that event, its turn still the mover's: the
banner said "Beijing to act" just after Beijing acted, and "Stake 4 · Washington to act" after
the bluff had been called. `brink replay --step N` tells the same hand and phase there.

A game played over real websockets, replayed in a real Chromium on a real server and Redis."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import aiohttp
from playwright.async_api import expect
from replaykit import quiet_moves
from web.test_replay import LAPTOP, Open, open_page, page_errors
from web.test_replay_step_only import _at

from client.connection import BrinkClient

__all__ = ["open_page"]  # the fixture


async def _record(web_url: str, code: str, key: str) -> str:
    url = f"{web_url}/api/games/{code}/record"
    headers = {"Authorization": f"Bearer {key}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as got:
        assert got.status == 200, await got.text()
        return await got.text()


async def test_the_banner_names_whose_turn_only_between_moves(
    open_page: Open, web_url: str, tmp_path: Path, shots: Path
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada, BrinkClient(ws_url, "Bo") as bo:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await ada.wait_for(lambda v: v["to_act"] == "washington")
        await quiet_moves((ada, bo), 2)  # Washington checks, Beijing checks or calls
    assert room.instructor_key is not None
    text = await _record(web_url, room.code, room.instructor_key)
    entries = [json.loads(line) for line in text.splitlines()[1:]]
    kinds = {e["n"]: (e.get("event") or {}).get("type") for e in entries}
    first = next(e for e in entries if (e.get("command") or {}).get("seat") == "washington")
    acted = first["n"] + 1  # Washington's move's first event: its turn is still in the view
    assert kinds[acted] is not None, kinds
    turn = next(
        e["n"]
        for e in entries
        if e["n"] > acted and (e.get("event") or {}).get("type") == "turn_started"
    )
    assert (entries[turn].get("command") or {}).get("seat") == "beijing"  # the game rests there
    answered = entries[turn]["n"] + 1  # Beijing's move's first event
    assert kinds[answered] is not None, kinds

    _, page = await open_page(LAPTOP)
    await page.goto(web_url)
    await page.evaluate("() => localStorage.setItem('brink.lang', 'en')")
    await page.click("#games-btn")
    await page.fill("#key-code", room.code)
    await page.fill("#key-key", room.instructor_key)
    await page.click("#key-open")
    await expect(page.locator("#rp-as-instructor")).to_have_attribute("aria-pressed", "true")
    status = page.locator("#rp-status")

    await _at(page, acted)  # it said "Washington to act" just after Washington moved
    await expect(status).to_contain_text("Hand 1 of 3")
    await expect(status).not_to_contain_text("to act")
    await page.screenshot(path=shots / "replay-banner-turn-moved.png", full_page=True)
    await _at(page, turn)
    await expect(status).to_contain_text("Beijing to act")
    await _at(page, answered)  # "Beijing to act" just after Beijing moved
    await expect(status).not_to_contain_text("to act")
    await page.click("#lang-zh")
    await expect(status).not_to_contain_text("輪到")
    await page.locator("#rp-slider").fill(str(turn))
    await expect(page.locator("#rp-pos")).to_contain_text(f"第 {turn} 步")
    await expect(status).to_contain_text("輪到北京")
    assert page_errors(page) == []

    # the terminal's replay stops at the same step in the same hand and phase
    kept = tmp_path / "game.jsonl"
    kept.write_text(text)
    told = subprocess.run(
        [sys.executable, "-m", "server.cli", "replay", str(kept), "--step", str(acted)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert told.splitlines()[-1].endswith("hand 1, phase betting, outcome (not over)"), told
