"""A seat given by the instructor while a bot stood in for its side: the one given it takes it and
the bot steps aside. The log said "Washington's player is back" of a new player (it names who
took the seat now), and the page's team chat still counted the bot among the teammates
("bot:planner_easy (Washington)") after it had left the side."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from controlkit import control, eventually, teacher_headers
from playwright.async_api import Browser, expect
from web.snap import snap
from web.test_browser import open_page, page_errors

from client.connection import BrinkClient


async def test_a_new_player_given_the_bots_seat_is_named_and_the_bot_leaves_the_team_chat(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    headers = await teacher_headers(ws_url, redis_url)
    context, page = await open_page(system_chromium)
    try:
        async with (
            BrinkClient(ws_url, "Ms Li", headers=headers) as teacher,
            BrinkClient(ws_url, "Ada") as ada,
            BrinkClient(ws_url, "Wang") as wang,
            BrinkClient(ws_url, "Bo") as bo,
        ):
            room = await teacher.create_room("full_2025", timers=False)
            await ada.join(room.code, "washington:treasury")
            await wang.join(room.code, "washington:president")
            await bo.join(room.code, "beijing:leader")
            await ada.close()  # both of Washington's tabs closed
            await wang.close()
            # the server has seen them go (a bot stands in only for players who left)
            gone = {"washington:treasury", "washington:president"}
            await eventually(
                lambda: gone <= {p.seat for p in bo.presence if p.status == "away"}, 60
            )
            await control(teacher, "bot_in", room.code, seat="washington", bot="planner_easy")
            done = await control(
                teacher, "reassign", room.code, seat="washington:president", name="Ivy Lee"
            )
            token = done.results[0].token
            assert token is not None
            seat = quote("washington:president")
            await page.goto(f"{web_url}/?room={room.code}#seat={seat}&token={token}&name=Ivy%20Lee")
            log = page.locator("#log")
            await expect(log).to_contain_text(
                "Ivy Lee takes the seat for Washington: the bot steps aside."
            )
            await expect(log).not_to_contain_text("player is back")
            # Ada (away) is Washington's other player: not the bot that left the side
            await expect(page.locator("#chat-to")).to_have_text(
                "Only your team and the instructor read this: Ada (Treasury)."
            )
            await snap(page.locator("#logpanel"), shots / "bot-seat-taken.png")
            await page.click("#lang-zh")
            await expect(log).to_contain_text("Ivy Lee 接手華盛頓的座位：機器人讓位。")
        assert page_errors(page) == []
    finally:
        await context.close()
