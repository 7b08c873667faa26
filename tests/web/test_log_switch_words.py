"""The web log tells an on/off switch as `brink replay` does (server/game/values.py): "Nvidia H20
export ban off → on", in Chinese 「否 → 是」. A fresh player's log read "Medium and heavy
rare-earth controls 0 → 1 (+1)" where the terminal said "off → on".

Real Chromium, a real server and Redis; Beijing is the Python client, the decks are stacked."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from serverkit import start_server
from web.snap import snap
from web.test_browser import click_and_wait, open_page, page_errors
from web.test_log_words import stacked_room_and_key
from web.test_multi_card import join

from client.connection import BrinkClient
from server.web.appkeys import HUB


async def test_the_log_tells_a_switch_as_off_and_on(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    try:
        code, _ = await stacked_room_and_key(runner.app[HUB])
        base = ws_url.replace("ws://", "http://").removesuffix("/ws")
        async with BrinkClient(ws_url, "Bo") as bo:
            await bo.join(code, "beijing")
            _, page = await open_page(system_chromium)
            await join(page, base, code)
            # Washington raises with the H20 controls: the export ban goes on
            await click_and_wait(page, "#play-us_h20_controls")
            line = page.locator("#log li", has_text="Nvidia H20 export ban")
            await expect(line).to_contain_text("Nvidia H20 export ban off → on")
            await expect(line).not_to_contain_text("0 → 1")
            # a number beside it still says its change
            await expect(line).to_contain_text("China market index 100 → 98 (−2)")
            await snap(page.locator("#log"), shots / "log-switch-words.png")
            await page.click("#lang-zh")
            line = page.locator("#log li", has_text="英偉達H20芯片出口禁令")
            await expect(line).to_contain_text("英偉達H20芯片出口禁令 否 → 是")
            await expect(line).not_to_contain_text("0 → 1")
            await snap(page.locator("#log"), shots / "log-switch-words-zh.png")
            assert page_errors(page) == []
    finally:
        await runner.cleanup()
