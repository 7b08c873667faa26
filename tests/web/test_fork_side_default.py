""" "Continue from here" seats a player at their own side: Beijing's student replaying the game
plays on as Beijing (the form ticked Washington, and a student who did not look sat down as
Washington: the other side's hand and objective at once) and is offered no other side, whatever
view the replay is watched as — the server refuses it (own_side_only: the hand that player never
saw). In a real browser against a real server on a real Redis; the game played with the Python
client."""

from __future__ import annotations

from playwright.async_api import expect
from web.test_replay import LAPTOP, Open, open_page, page_errors, play_a_game, remember

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def test_a_player_plays_on_from_their_own_side(open_page: Open, web_url: str) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    token = game.tokens["beijing"]
    await remember(page, web_url, [{"code": game.code, "seat": "beijing", "token": token}])
    await page.goto(f"{web_url}/?game={game.code}&as=beijing&step={game.bluff_n - 2}")
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {game.bluff_n - 2} of")
    await page.click("#rp-continue-btn")
    await expect(page.locator("#fork-side-beijing")).to_be_checked()
    await expect(page.locator("#fork-side-washington")).to_have_count(0)
    await page.click("#rp-as-spectator")
    await expect(page.locator("#rp-as-spectator")).to_have_attribute("aria-pressed", "true")
    await page.click("#rp-continue-btn")
    await expect(page.locator("#fork-side-beijing")).to_be_checked()
    await expect(page.locator("#fork-side-washington")).to_have_count(0)
    # and it plays on: the page sits down as Beijing in the new room, Washington a bot
    await page.fill("#fork-name", "Bo")
    await page.click("#fork-go")
    await expect(page.locator("#table")).to_be_visible(timeout=15_000)
    room = await page.evaluate("window.brink.state.room")
    assert room["seat"] == "beijing" and room["code"] != game.code, room
    kept = await page.evaluate("JSON.parse(localStorage.getItem('brink.games') || '[]')")
    keys = [item for item in kept if item.get("code") == room["code"] and item.get("key")]
    assert keys == [], "a player's fork gives no instructor key"
    assert page_errors(page) == []
