""" "Continue from here" lets the all-seeing make a two-person "what if": the form seated them on
one side and a bot on the other, with no way to leave a seat for a player (the API allows it:
`bots` without the side). Now the other side's choice has "Nobody: leave it for a player", and
the new room shows its invite link, as a lobby does; and the teacher may not sit down at all,
watching all-seeing, with both seats free. A player of the game is offered neither. In a real
browser against a real server on a real Redis; the game played with the Python client."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import expect
from web.test_replay import LAPTOP, Open, open_page, page_errors, play_a_game, remember

from client.connection import BrinkClient
from server.engine.commands import Check

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def _game(web_url: str) -> tuple[str, str, int]:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada:
        room = await ada.create_room("intro", timers=False, bots={"beijing": "hawk"})
        await ada.join(room.code, "washington")
        await ada.act(Check())
        return room.code, room.instructor_key, ada.n


async def test_a_teacher_leaves_the_other_seat_for_a_player(
    open_page: Open, web_url: str, tmp_path: Path
) -> None:
    code, key, step = await _game(web_url)
    _, page = await open_page(LAPTOP)
    await remember(page, web_url, [{"code": code, "key": key}])
    await page.goto(f"{web_url}/?game={code}&as=all&step={step}")
    await page.click("#rp-continue-btn")
    await page.check("#fork-side-washington")
    await page.select_option("#fork-bot", "")  # Nobody: leave it for a player
    await page.screenshot(path=tmp_path / "fork-form.png")
    await page.fill("#fork-name", "Ms Li")
    await page.click("#fork-go")
    await expect(page.locator("#invite-link")).to_be_visible(timeout=15_000)
    room = await page.evaluate("window.brink.state.room")
    assert room["seat"] == "washington" and room["code"] != code, room
    assert room["code"] in await page.locator("#invite-link").input_value()
    await page.screenshot(path=tmp_path / "fork-lobby.png")
    # a player sits down in the free seat from the link: no bot there
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Bo") as bo:
        await bo.join(room["code"], "beijing")
        assert bo.seat == "beijing"
    assert page_errors(page) == []


async def test_a_teacher_watches_all_seeing_with_both_seats_free(
    open_page: Open, web_url: str, tmp_path: Path
) -> None:
    code, key, step = await _game(web_url)
    _, page = await open_page(LAPTOP)
    await remember(page, web_url, [{"code": code, "key": key}])
    await page.goto(f"{web_url}/?game={code}&as=all&step={step}")
    await page.click("#rp-continue-btn")
    await expect(page.locator("#fork-bot-2")).to_be_hidden()
    await page.check("#fork-side-instructor")  # Do not sit: watch all-seeing
    await expect(page.locator("#fork-bot-2")).to_be_visible()
    await page.select_option("#fork-bot", "")
    await page.select_option("#fork-bot-2", "")
    await page.screenshot(path=tmp_path / "fork-watch-form.png")
    await page.click("#fork-go")
    await expect(page.locator("#invite-link")).to_be_visible(timeout=15_000)
    room = await page.evaluate("window.brink.state.room")
    assert room["code"] != code and room["seat"] in (None, "instructor"), room
    await page.screenshot(path=tmp_path / "fork-watch.png")
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada, BrinkClient(ws_url, "Bo") as bo:
        await ada.join(room["code"], "washington")  # both seats were left free
        await bo.join(room["code"], "beijing")
    assert page_errors(page) == []


async def test_a_player_is_offered_no_free_seat(open_page: Open, web_url: str) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    token = game.tokens["beijing"]
    await remember(page, web_url, [{"code": game.code, "seat": "beijing", "token": token}])
    await page.goto(f"{web_url}/?game={game.code}&as=beijing&step={game.bluff_n - 2}")
    await page.click("#rp-continue-btn")
    await expect(page.locator("#fork-side-instructor")).to_have_count(0)
    await expect(page.locator("#fork-bot option[value='']")).to_have_count(0)
    assert page_errors(page) == []


_ = Check  # the games are made with the Python client's commands
