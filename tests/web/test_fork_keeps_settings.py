""" "Continue from here" keeps the original room's settings, and the new room's table says what
it is. A game made without turn timers, in Chinese, against Hawk, forked from its replay: the
form offers the original's bot, timers off and Chinese (it sent the page's language, no timers
setting — the server's default, a 90-second turn clock — and the planner); the table of the new
room says "A “what if”: this game continues game CODE from step N." (it said nothing). In a real
browser against a real server on a real Redis; the game played with the Python client."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import expect
from web.snap import snap
from web.test_replay import LAPTOP, Open, open_page, page_errors, remember

from client.connection import BrinkClient
from server.engine.commands import Check

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def test_a_what_if_keeps_the_rooms_settings_and_its_table_says_what_it_continues(
    open_page: Open, web_url: str, shots: Path
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada:
        room = await ada.create_room("intro", language="zh", timers=False, bots={"beijing": "hawk"})
        await ada.join(room.code, "washington")
        await ada.act(Check())
        step = ada.n
    _, page = await open_page(LAPTOP)
    await remember(page, web_url, [{"code": room.code, "key": room.instructor_key}])
    await page.goto(f"{web_url}/?game={room.code}&as=all&step={step}")
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {step} of")
    await page.click("#rp-continue-btn")
    await expect(page.locator("#fork-side-washington")).to_be_checked()
    await expect(page.locator("#fork-bot")).to_have_value("hawk")
    await expect(page.locator("#fork-timers")).not_to_be_checked()
    await expect(page.locator("#fork-language")).to_have_value("zh")
    await page.check("#fork-side-beijing")  # the other side's bot follows: the original's none
    await expect(page.locator("#fork-bot")).to_have_value("planner")
    await page.check("#fork-side-washington")
    await expect(page.locator("#fork-bot")).to_have_value("hawk")
    await snap(page.locator("#rp-tools"), shots / "fork-keeps-settings-form.png")
    rest = await page.locator("#fork-go").inner_text()
    n = int(rest.rsplit(" ", 1)[-1])
    await page.fill("#fork-name", "Cy")
    await page.click("#fork-go")
    await expect(page.locator("#table")).to_be_visible(timeout=15_000)
    forked = await page.evaluate("window.brink.state.room")
    assert forked["code"] != room.code, forked
    note = page.locator("#forked-note")
    await expect(note).to_have_text(
        f"A “what if”: this game continues game {room.code} from step {n}."
    )
    await expect(page.locator("#timer")).to_have_text("no time limit")
    assert await page.evaluate("window.brink.state.deadline") is None
    await page.screenshot(path=shots / "fork-keeps-settings-table.png")
    await page.click("#lang-zh")
    await expect(note).to_have_text(f"「如果」的對局：這一局接續對局 {room.code} 的第 {n} 步。")
    assert page_errors(page) == []
