""" "Continue from here" cleans the name typed in its form as the front page does (name-tidy.js):
a name pasted with a direction mark or a control character in it was sent as typed, and the
server refused the join (bad_name), leaving the new room with nobody in the seat. In a real
browser against a real server on a real Redis; the game played with the Python client."""

from __future__ import annotations

from playwright.async_api import expect
from web.test_replay import LAPTOP, Open, open_page, page_errors, play_a_game, remember

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def test_a_fork_sits_down_under_the_name_cleaned(open_page: Open, web_url: str) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    token = game.tokens["beijing"]
    await remember(page, web_url, [{"code": game.code, "seat": "beijing", "token": token}])
    await page.goto(f"{web_url}/?game={game.code}&as=beijing&step={game.bluff_n - 2}")
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {game.bluff_n - 2} of")
    await page.click("#rp-continue-btn")
    await page.fill("#fork-name", "  Bo\u202e   Chen\u0007 ")
    await page.click("#fork-go")
    await expect(page.locator("#table")).to_be_visible(timeout=15_000)
    room = await page.evaluate("window.brink.state.room")
    assert room["seat"] == "beijing" and room["code"] != game.code, room
    assert await page.evaluate("window.brink.state.name") == "Bo Chen"
    assert await page.evaluate("localStorage.getItem('brink.name')") == "Bo Chen"
    assert page_errors(page) == []
