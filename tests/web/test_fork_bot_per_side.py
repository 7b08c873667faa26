""" "Continue from here": a bot chosen for a side is that side's. The all-seeing chose Dove for
Beijing while watching, then chose to play Beijing: the form's one "other side" select kept Dove,
now standing for Washington, and the new room had Dove on Washington, a bot nobody chose for it.
Now each select shows the choice of the side it stands for (the original room's bot until one
is chosen), and only the selects shown count. In a real browser against a real server on a real
Redis; the game played with the Python client."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import expect
from replaykit import keyed_json
from web.test_fork_free_seats import _game
from web.test_replay import LAPTOP, Open, open_page, page_errors, remember

from client.rules import http_base

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def test_a_bot_chosen_while_watching_stays_its_sides(
    open_page: Open, web_url: str, tmp_path: Path
) -> None:
    code, key, step = await _game(web_url)  # Ada (Washington) against Hawk (Beijing)
    _, page = await open_page(LAPTOP)
    await remember(page, web_url, [{"code": code, "key": key}])
    await page.goto(f"{web_url}/?game={code}&as=all&step={step}")
    await page.click("#rp-continue-btn")
    await page.check("#fork-side-instructor")  # Do not sit: watch all-seeing
    await page.select_option("#fork-bot", "dove")  # Beijing's
    await page.select_option("#fork-bot-2", "")  # Washington's: nobody
    await page.check("#fork-side-beijing")  # then: play Beijing after all
    await expect(page.locator("#fork-bot-2-field")).to_be_hidden()
    # Washington's choice (free), not the bot chosen for Beijing
    await expect(page.locator("#fork-bot")).to_have_value("")
    await page.check("#fork-side-washington")
    await expect(page.locator("#fork-bot")).to_have_value("dove")  # Beijing's again
    await page.check("#fork-side-beijing")
    await page.select_option("#fork-bot", "hawk")  # Washington's, chosen now
    await page.check("#fork-side-instructor")
    await expect(page.locator("#fork-bot")).to_have_value("dove")
    await expect(page.locator("#fork-bot-2")).to_have_value("hawk")
    await page.check("#fork-side-beijing")
    await page.screenshot(path=tmp_path / "fork-per-side.png")
    await page.fill("#fork-name", "Ms Li")
    await page.click("#fork-go")
    await expect(page.locator("#table")).to_be_visible(timeout=15_000)
    room = await page.evaluate("window.brink.state.room")
    assert room["seat"] == "beijing" and room["code"] != code, room
    made = await page.evaluate("window.brink.state.instructorKey")
    info = await keyed_json("GET", f"{http_base(web_url)}/api/rooms/{room['code']}", made["key"])
    assert info["bots"] == {"washington": "hawk"}, info
    assert page_errors(page) == []
