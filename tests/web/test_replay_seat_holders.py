"""The replay's header names everyone who held a seat, in order: Beijing's player dropped out, a
bot stood in for him, the teacher handed the side back and Bo played on; Washington's seat was
given to Cy after Ada said goodbye in the chat. The header named the last holders alone ("Cy
(Washington) · Bo (Beijing)"); the API's `holders` has them all."""

from __future__ import annotations

import json

import aiohttp
from controlkit import control, eventually, notices, teacher_headers, until
from playwright.async_api import Browser, expect
from replaykit import quiet_moves

from client.connection import BrinkClient


async def test_the_replay_names_every_holder_of_a_seat_in_order(
    web_url: str, redis_url: str, system_chromium: Browser
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    headers = await teacher_headers(ws_url, redis_url)
    async with (
        BrinkClient(ws_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(ws_url, "Ada") as ada,
        BrinkClient(ws_url, "Bo") as bo,
    ):
        room = await teacher.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await quiet_moves((ada, bo), 2)
        await bo.drop()
        await eventually(lambda: any(p.status == "away" for p in ada.presence))
        await control(teacher, "bot_in", room.code, seat="beijing", bot="dove")
        await until(ada, lambda: notices(ada, "bot_in"))
        await control(teacher, "bot_out", room.code, seat="beijing")
        await ada.chat("I have to go: Cy takes over")
        await control(teacher, "reassign", room.code, seat="washington", name="Cy")
    key = room.instructor_key
    async with (
        aiohttp.ClientSession() as http,
        http.get(
            f"{web_url}/api/games/{room.code}", headers={"Authorization": f"Bearer {key}"}
        ) as reply,
    ):
        summary = await reply.json()
    assert summary["seats"] == {"washington": "Cy", "beijing": "Bo"}
    assert summary["holders"] == {
        "washington": [{"name": "Ada"}, {"name": "Cy"}],
        "beijing": [{"name": "Bo"}, {"bot": "dove"}, {"name": "Bo"}],
    }

    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(web_url)
        kept = json.dumps([{"code": room.code, "key": key}])
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        await page.goto(f"{web_url}/?game={room.code}&as=all")
        await expect(page.locator("#rp-players")).to_have_text(
            "Ada → Cy (Washington) · Bo → bot Dove (peaceful) → Bo (Beijing)"
        )
    finally:
        await context.close()
