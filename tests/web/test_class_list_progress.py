"""The instructor's list of classes says where each class's games stand (a real server, Redis and
Chromium). It showed the class's own state, which stays `open` until Start all rooms, so a class
whose rooms were all being played (their clocks start as both sides sit down), paused or over
still read "students joining". `GET /api/classes` now gives each class's `progress` and its rooms
by where they stand (`room_states`), and the list shows them."""

from __future__ import annotations

import asyncio
from typing import Any

from classkit import signed_in
from controlkit import teacher_headers
from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient


async def _listed(ws_url: str, code: str) -> dict[str, Any]:
    async with await signed_in(ws_url) as teacher, teacher.get("/api/classes") as answer:
        assert answer.status == 200, await answer.text()
        found: dict[str, Any] = next(c for c in await answer.json() if c["code"] == code)
        return found


async def test_the_list_of_classes_says_a_class_is_played_paused_or_over(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDi\n")
    code, rooms = made["code"], made["rooms"]
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    listed = await _listed(ws_url, code)
    assert (listed["progress"], listed["room_states"]["waiting"]) == ("waiting", 2)
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy", "Di")]
    headers = await teacher_headers(ws_url, redis_url)  # (made again, the account is signed out)
    page = await teacher_page(system_chromium, web_url)
    try:
        async with asyncio.timeout(10):  # the clocks start just after the last `joined`
            while (listed := await _listed(ws_url, code))["room_states"]["waiting"]:
                await asyncio.sleep(0.05)
        assert listed["state"] == "open"  # nobody clicked Start all rooms
        assert listed["progress"] == "playing"
        assert listed["room_states"] == {"waiting": 0, "playing": 2, "paused": 0, "finished": 0}
        progress = page.locator(f"#cl-progress-{code}")
        await expect(progress).to_have_text("being played")
        await expect(page.locator(f"#cl-room-states-{code}")).to_have_text(" (2 playing)")

        async with BrinkClient(ws_url, "Ms Li", headers=headers) as li:
            await li.control("pause", rooms[0])
            await li.control("end", rooms[1])
            listed = await _listed(ws_url, code)
            assert listed["progress"] == "paused"
            assert listed["room_states"] == {"waiting": 0, "playing": 0, "paused": 1, "finished": 1}
            await page.reload()
            await expect(progress).to_have_text("paused")
            await expect(page.locator(f"#cl-room-states-{code}")).to_have_text(
                " (1 paused, 1 over)"
            )
            await page.click("#lang-zh")
            await expect(progress).to_have_text("已暫停")
            await page.click("#lang-en")

            await li.control("end", rooms[0])
        listed = await _listed(ws_url, code)
        assert listed["progress"] == "finished"
        await page.reload()
        await expect(progress).to_have_text("every game is over")
        await expect(page.locator(f"#cl-room-states-{code}")).to_have_count(0)  # said already
    finally:
        await page.context.close()
        for student in students:
            await student.close()
