""" "Continue from here" offers, at first, the side the replay is watched as: Beijing's student
replaying the game as Beijing plays on as Beijing unless they choose otherwise. The form always
ticked Washington, and a student who did not look sat down as Washington: the other side's hand
and objective at once. All-seeing and as a spectator, Washington first, as before. In a real
browser against a real server on a real Redis; the game played with the Python client."""

from __future__ import annotations

from playwright.async_api import expect
from web.test_replay import LAPTOP, Open, open_page, page_errors, play_a_game, remember

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def test_the_form_starts_on_the_side_watched(open_page: Open, web_url: str) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    token = game.tokens["beijing"]
    await remember(page, web_url, [{"code": game.code, "seat": "beijing", "token": token}])
    await page.goto(f"{web_url}/?game={game.code}&as=beijing&step={game.bluff_n - 2}")
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {game.bluff_n - 2} of")
    await page.click("#rp-continue-btn")
    await expect(page.locator("#fork-side-beijing")).to_be_checked()
    await expect(page.locator("#fork-side-washington")).not_to_be_checked()
    await page.click("#rp-as-spectator")
    await expect(page.locator("#rp-as-spectator")).to_have_attribute("aria-pressed", "true")
    await page.click("#rp-continue-btn")
    await expect(page.locator("#fork-side-washington")).to_be_checked()
    assert page_errors(page) == []
