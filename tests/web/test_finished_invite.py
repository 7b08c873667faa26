"""A finished game's invite link (/?room=CODE in a new browser) says the game is over. The join
form said "Every seat in this room is taken: you can watch the game." and offered to watch, as
if the game were on; the room lookup says it is finished. It now says "This game is over",
offers the replay when this browser may open it, and the end of the game to look at."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from playwright.async_api import Browser, expect
from web.test_browser import open_page, page_errors

from client.connection import BrinkClient
from server.engine.commands import Call, Check, PassTalks


async def play_out(washington: BrinkClient, beijing: BrinkClient) -> None:
    """Both sides check, call and pass until the game ends."""
    clients = {"washington": washington, "beijing": beijing}
    for _ in range(400):
        view = washington.view
        if view.get("outcome"):
            return
        talks = view["phase_kind"] == "talks"
        movers = (
            [view["to_act"]]
            if view["to_act"]
            else [s for s in clients if s not in view["passed"] and talks]
            or [s for s in clients if not view["sides"][s]["submitted"]]
        )
        command = PassTalks() if talks else (Call() if view["facing"] else Check())
        accepted = await clients[movers[0]].act(command)
        # the next move is decided on Washington's view: it has this one first (a view a
        # moment behind the mover's sent a move out of turn or out of phase)
        await washington.wait_for(lambda _, n=accepted.n: washington.n >= n, timeout=10)
    raise AssertionError("the game did not end")


async def finished_room(web_url: str) -> tuple[str, str]:
    """A finished intro game between Ada and Bo: its code and instructor key."""
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada, BrinkClient(ws_url, "Bo") as bo:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await play_out(ada, bo)
        return room.code, room.instructor_key


async def test_a_finished_games_link_says_it_is_over(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    code, key = await finished_room(web_url)
    context, page = await open_page(system_chromium)
    try:
        await page.goto(f"{web_url}/?room={code}")
        await expect(page.locator("#join-over")).to_have_text(
            "This game is over: you can see how it ended. (Its replay opens for its players "
            "and its teacher, or once the teacher makes it public.)"
        )
        await expect(page.locator("#join-seats")).not_to_contain_text("Every seat")
        await expect(page.locator("#join-replay")).to_have_count(0)  # not this browser's to open
        await expect(page.locator("#join-btn")).to_have_text("See the end")
        await page.screenshot(path=shots / "finished-invite-en.png")
        await page.click("#join-btn")  # the game's end, watched
        await expect(page.locator("#outcome-name")).to_be_visible()
        # nothing asked for and refused (the room's answer says whether its replay opens)
        assert page_errors(page) == []
    finally:
        await context.close()

    # made public, its replay is offered (in Chinese here) and opens
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{web_url}/api/games/{code}/public",
            json={"public": True},
            headers={"Authorization": f"Bearer {key}"},
        ) as r,
    ):
        assert r.status == 200, await r.text()
    context, page = await open_page(system_chromium)
    try:
        await page.add_init_script("localStorage.setItem('brink.lang', 'zh')")
        await page.goto(f"{web_url}/?room={code}")
        await expect(page.locator("#join-over")).to_have_text(
            "這局遊戲已經結束：你可以觀看重播，或看看結局。"
        )
        await expect(page.locator("#join-seat-spectator")).to_be_checked()
        await expect(page.locator("#join-seats")).to_contain_text("看結局（旁觀）")
        await page.screenshot(path=shots / "finished-invite-zh.png")
        await page.click("#join-replay")
        await expect(page.locator("#replay")).to_be_visible()
        assert f"game={code}" in page.url
        assert page_errors(page) == []
    finally:
        await context.close()
