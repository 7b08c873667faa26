"""The debrief page lists a student moved out of a room mid-game beside its last players (a real
server, Redis and Chromium): Ada played Washington in Room 1 for a hand, then the teacher swapped
her with Cy; the page named only Cy there. It now says "Cy, Ada (hand 1, then moved)"."""

from __future__ import annotations

import asyncio
from pathlib import Path

from classkit import session_cookie, signed_in
from faultkit import step
from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient


async def test_the_debrief_page_credits_a_student_moved_out(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDi\n", timers=False)
    code, (first, second) = made["code"], made["rooms"]
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    ada, bo, cy, di = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy", "Di")]
    page = await teacher_page(system_chromium, web_url)
    try:
        for _ in range(3):
            assert await step({"washington": ada, "beijing": bo})
        async with await signed_in(ws_url) as teacher:
            body = {"student": "s1", "room": second, "seat": "washington"}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
            async with asyncio.timeout(10):
                while cy.class_followed is None or cy.class_followed.room != first:
                    await asyncio.sleep(0.02)
            async with BrinkClient(
                ws_url, "Ms Li", headers={"Cookie": session_cookie(teacher)}
            ) as li:
                await li.control("end", class_=code)

        await page.goto(f"{web_url}/?debrief={code}")
        row = page.locator(f"#db-rooms tr.db-room[data-code='{first}']")
        await expect(row.locator(".who.washington")).to_have_text(
            "Washington: Cy, Ada (hand 1, then moved)"
        )
        await expect(row.locator(".who.beijing")).to_have_text("Beijing: Bo")
        await row.screenshot(path=str(shots / "debrief-moved-out.png"))
        await page.click("#lang-zh")
        await expect(row.locator(".db-earlier")).to_have_text("、Ada（第 1 局，之後被移走）")
    finally:
        await page.context.close()
        for client in (ada, bo, cy, di):
            await client.close()
