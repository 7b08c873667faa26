"""A class room's lobby follows the teacher's later changes to whom its seats wait for (a real
server, Redis and Chromium). Ada waited in her lobby for Bo; the teacher moved Bo to another room
(Dee took his seat), then took Dee out of the class: the lobby still said "waiting for Bo" until
Ada's page followed the class again (a reload). Now the server pushes `class_followed` again for
the seat she holds, and the lobby says "waiting for Dee", then that Beijing's seat is empty."""

from __future__ import annotations

from pathlib import Path

from classkit import signed_in
from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class, student_page
from web.snap import snap


def flat(rows: list[str]) -> list[str]:
    return [" ".join(row.split()) for row in rows]


async def test_a_class_lobby_names_the_student_a_seat_waits_for_after_the_teachers_moves(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\nCy\nDee\n"
    )
    code, (first, second) = made["code"], made["rooms"]
    ids = {s["name"]: s["id"] for s in made["students"]}
    page, _ = await student_page(system_chromium, web_url, code)
    try:
        await join_as(page, "Ada")
        lobby = page.locator("#lobby")
        await expect(lobby.locator(".waiting")).to_have_text("Waiting for Bo (Beijing) to join…")
        async with await signed_in(web_url.replace("http://", "ws://") + "/ws") as teacher:
            body = {"student": ids["Bo"], "room": second, "seat": "beijing"}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
            await expect(lobby.locator(".waiting")).to_have_text(
                "Waiting for Dee (Beijing) to join…"
            )
            rows = flat(await lobby.locator(".seats li").all_inner_texts())
            assert rows == ["Washington Ada (you)", "Beijing waiting for Dee"], rows
            await snap(lobby, shots / "class-lobby-follows-move.png")
            async with teacher.delete(f"/api/classes/{code}/students/{ids['Dee']}") as removed:
                assert removed.status == 200, await removed.text()
            await expect(lobby.locator(".waiting")).to_have_text("Waiting for Beijing to join…")
            rows = flat(await lobby.locator(".seats li").all_inner_texts())
            assert rows == ["Washington Ada (you)", "Beijing empty"], rows
        assert await page.evaluate("window.brink.state.room.code") == first  # never moved
    finally:
        await page.context.close()
