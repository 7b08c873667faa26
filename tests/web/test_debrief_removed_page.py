"""The debrief page names the student who played a side taken out of the class mid-game, with
nobody there after her (a real server, Redis and Chromium): Bo played Beijing in Room 1 for a
hand, then the teacher removed her and nobody took the seat. The page said "Beijing: —, Bo (hand
1, then moved)", a dash for nobody and then somebody; it now says "Beijing: Bo (hand 1, then
removed)" — removed, as the teacher did, not moved (the class notes how a student left a seat:
`removed` in its `held`, and in the debrief's `earlier_seats`) — and a side nobody ever played
still says "—"."""

from __future__ import annotations

from classkit import session_cookie, signed_in
from faultkit import step
from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient


async def test_the_debrief_page_names_a_removed_student_without_a_dash(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDi\n", timers=False)
    code, (first, _) = made["code"], made["rooms"]
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    ada, bo = [await seated(web_url, code, name) for name in ("Ada", "Bo")]
    page = await teacher_page(system_chromium, web_url)
    try:
        assert (ada.code, ada.seat, bo.code, bo.seat) == (first, "washington", first, "beijing")
        for _ in range(3):
            assert await step({"washington": ada, "beijing": bo})
        async with await signed_in(ws_url) as teacher:
            async with teacher.delete(f"/api/classes/{code}/students/s2") as removed:
                assert removed.status == 200, await removed.text()
            async with BrinkClient(
                ws_url, "Ms Li", headers={"Cookie": session_cookie(teacher)}
            ) as li:
                await li.control("end", class_=code)
            async with teacher.get(f"/api/classes/{code}/debrief") as answer:
                assert answer.status == 200, await answer.text()
                one = (await answer.json())["rooms"][0]
            assert [(p["name"], p["removed"]) for p in one["earlier_seats"]] == [("Bo", True)]

        await page.goto(f"{web_url}/?debrief={code}")
        row = page.locator(f"#db-rooms tr.db-room[data-code='{first}']")
        await expect(row.locator(".who.beijing")).to_have_text("Beijing: Bo (hand 1, then removed)")
        await expect(row.locator(".who.washington")).to_have_text("Washington: Ada")
        # Room 2: nobody sat down there
        other = page.locator("#db-rooms tr.db-room").nth(1)
        await expect(other.locator(".who.beijing")).to_have_text("Beijing: —")
        await page.click("#lang-zh")
        await expect(row.locator(".who.beijing")).to_have_text(
            "北京：Bo（第 1 局，之後被移出課堂）"
        )
    finally:
        await page.context.close()
        for client in (ada, bo):
            await client.close()
