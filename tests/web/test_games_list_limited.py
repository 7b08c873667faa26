"""The Past games page over the server's limit on listings (`GET /api/games`, 429
`too_many_listings` with Retry-After): it says, in the reader's language, that too many lists
came from their network address and in how many seconds the list is asked for again, and keeps
the games it showed. It said "Error 429"."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from serverkit import start_server

FOREVER = 10_000_000.0
"""A window no test outlives (windows are aligned to the epoch: no boundary mid-test)."""


async def test_a_listing_over_the_limit_says_when_and_keeps_the_list(
    redis_url: str, tmp_path: Path, system_chromium: Browser, shots: Path
) -> None:
    runner, url = await start_server(
        redis_url, tmp_path, game_lists_per_address=1, game_lists_window=FOREVER
    )
    base = url.replace("ws://", "http://").removesuffix("/ws")
    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(f"{base}/?games=1")  # the one listing the address is allowed
        history = page.locator('.game-row[data-code="H2025"]')
        await expect(history).to_be_visible()
        await page.click("#games-show")  # the next is refused
        error = page.locator("#games-error")
        await expect(error).to_contain_text("Too many lists of past games")
        await expect(error).to_contain_text("your network address")
        await expect(error).to_contain_text(" s.")
        wait = int(await page.locator("#games-wait").inner_text())
        assert 1 <= wait <= FOREVER, wait
        await expect(error).not_to_contain_text("Error 429")
        await expect(history).to_be_visible()  # what was shown stays
        await page.screenshot(path=str(shots / "games-list-limited-en.png"), full_page=True)
        await page.click("#lang-zh")
        await expect(error).to_contain_text("查詢過去對局清單的次數太多")
        await expect(error).to_contain_text("秒後")
        await expect(history).to_be_visible()
        await page.screenshot(path=str(shots / "games-list-limited-zh.png"), full_page=True)
    finally:
        await context.close()
        await runner.cleanup()
