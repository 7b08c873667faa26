"""A class's room opened all-seeing by its owner knows its class, whatever opened the page. Its
number ("Room 2") and the class's team size (the seats its Controls offer) came only with the
dashboard's link (`&n=2&team=2`): a page opened or reloaded from any other address of the room
(typed, kept from before the link carried the team, a tab whose address lost them) offered every
seat of the scenario — each side whole and a third role no team of the class has — and called
the room by its code. The page now asks the server (`GET /api/rooms/CODE/class`, by the room's
`class-of` key) before it draws the table."""

from __future__ import annotations

from typing import Any

import aiohttp
from classkit import add_instructor, signed_in
from playwright.async_api import Browser, Page, expect
from web.probekit import make_class, teacher_page
from web.test_class_controls_team_seats import TEAM_SEATS, _offered


async def _table(page: Page) -> None:
    await page.wait_for_function(
        "() => window.brink?.state.room?.role === 'instructor' && window.brink.state.view"
    )


async def test_a_team_class_s_room_opened_without_the_dashboard_s_link_knows_its_team(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="A\nB\nC\nD\nE\nF\nG\nH\n", team=2
    )
    second = made["rooms"][1]
    page = await teacher_page(system_chromium, web_url)
    try:
        for opened in ("goto", "reload"):
            if opened == "goto":
                await page.goto(f"{web_url}/?room={second}&as=owner")
            else:
                await page.reload()
            await _table(page)
            await expect(page.locator("#room-badge")).to_have_text(f"Room 2 ({second}) · Teacher")
            assert await _offered(page, "#room-controls") == TEAM_SEATS, opened
    finally:
        await page.context.close()


async def test_a_room_s_class_is_told_to_its_owner_only(web_url: str, redis_url: str) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    room = made["rooms"][0]
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with await signed_in(ws_url) as li, li.get(f"/api/rooms/{room.lower()}/class") as r:
        assert r.status == 200
        assert await r.json() == {
            "class": made["code"],
            "title": "Period 3",
            "number": 1,
            "team": 1,
        }
    await add_instructor(redis_url, "mr_wu")
    async with await signed_in(ws_url, "mr_wu") as wu, wu.get(f"/api/rooms/{room}/class") as r:
        assert (r.status, (await r.json())["error"]) == (404, "no_class")
    async with await signed_in(ws_url) as li, li.get(f"/api/rooms/{'Q' * 300}/class") as r:
        found = await r.json()  # no Redis key is made of it
        assert (r.status, found["error"]) == (404, "no_class")
        assert "not a room's code" in found["message"]
    async with (
        aiohttp.ClientSession() as anyone,
        anyone.get(f"{web_url}/api/rooms/{room}/class") as r,
    ):
        assert r.status == 401
