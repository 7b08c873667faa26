"""The replay's header names everyone who held a seat, in order: Beijing's player dropped out, a
bot stood in for him, Bo came back and the side was handed back to him; Washington's seat was
given to Cy after Ada said goodbye in the chat. The header named the last holders alone ("Cy
(Washington) · Bo (Beijing)"); the API's `holders` has them all. In a team game only the player
who came back is named again."""

from __future__ import annotations

import json

import aiohttp
from controlkit import control, eventually, notices, seated_room, teacher_headers, until
from playwright.async_api import Browser, expect
from replaykit import quiet_moves

from client.connection import BrinkClient


async def test_the_replay_names_every_holder_of_a_seat_in_order(
    web_url: str, redis_url: str, system_chromium: Browser
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with seated_room(ws_url, redis_url, timers=False) as (teacher, ada, bo, room):
        await quiet_moves((ada, bo), 2)
        token = bo.token
        assert token is not None
        await bo.drop()
        await eventually(lambda: any(p.status == "away" for p in ada.presence))
        await control(teacher, "bot_in", room.code, seat="beijing", bot="dove")
        await until(ada, lambda: notices(ada, "bot_in"))
        async with BrinkClient(ws_url, "Bo") as back:
            await back.resume(room.code, token, since=0)  # the side is handed back to him
            await until(ada, lambda: notices(ada, "bot_out"))
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


async def test_only_the_team_player_who_came_back_is_named_again(
    web_url: str, redis_url: str, system_chromium: Browser
) -> None:
    """Both Beijing players of a team game closed their browsers, the teacher put a bot in, and
    only Dee came back: the header said Ada came back too ("Ada → bot Planner (normal) → Ada").
    The hand-back names the seats whose players play again (`back`)."""
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    headers = await teacher_headers(ws_url, redis_url)
    async with (
        BrinkClient(ws_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(ws_url, "Pia") as pia,
        BrinkClient(ws_url, "Ada") as ada,
        BrinkClient(ws_url, "Dee") as dee,
    ):
        room = await teacher.create_room("full_2025", timers=False)
        await pia.join(room.code, "washington")
        await ada.join(room.code, "beijing:leader")
        await dee.join(room.code, "beijing:vice_premier")
        token = dee.token
        assert token is not None
        for player in (ada, dee):
            await player.drop()
        await eventually(lambda: sum(p.status == "away" for p in pia.presence) >= 2)
        await control(teacher, "bot_in", room.code, seat="beijing", bot="planner")
        await until(pia, lambda: notices(pia, "bot_in"))
        async with BrinkClient(ws_url, "Dee") as back:
            await back.resume(room.code, token, since=0)
            await until(pia, lambda: notices(pia, "bot_out"))
        handed = notices(pia, "bot_out")[0]
        assert (handed.reason, handed.back) == ("player_back", ["beijing:vice_premier"])
    key = room.instructor_key
    async with (
        aiohttp.ClientSession() as http,
        http.get(
            f"{web_url}/api/games/{room.code}", headers={"Authorization": f"Bearer {key}"}
        ) as reply,
    ):
        summary = await reply.json()
    assert summary["holders"]["beijing:leader"] == [{"name": "Ada"}, {"bot": "planner"}]
    assert summary["holders"]["beijing:vice_premier"] == [
        {"name": "Dee"},
        {"bot": "planner"},
        {"name": "Dee"},
    ]

    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(web_url)
        kept = json.dumps([{"code": room.code, "key": key}])
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        await page.goto(f"{web_url}/?game={room.code}&as=all")
        players = page.locator("#rp-players")
        await expect(players).to_contain_text("Ada → bot Planner (normal) (Beijing · Leader)")
        await expect(players).to_contain_text(
            "Dee → bot Planner (normal) → Dee (Beijing · Vice Premier)"
        )
    finally:
        await context.close()
