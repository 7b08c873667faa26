"""A room's card on the class dashboard shows a seat of the class's teams that nobody holds (a real
server, Redis and Chromium). The teacher removed Bo, Washington's Treasury in Room 1, mid-game:
her seat went from the card without a trace, so the card read like a team of one and nothing
said the room was a student short. The card now lists "empty · Washington · Treasury"; a
latecomer added takes it and the card names them there."""

from __future__ import annotations

from typing import Any

from classkit import signed_in
from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page


async def test_a_removed_student_s_seat_shows_empty_on_the_room_card(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\nCy\nDee\n", team=2
    )
    code, room = made["code"], made["rooms"][0]
    bo = next(s for s in made["students"] if s["name"] == "Bo")
    assert bo["seat"] == "washington:treasury"
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo", "Cy", "Dee")]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    card = page.locator(f"#room-card-{room}")
    seats = card.locator(".cl-seat")
    try:
        await expect(seats).to_have_count(4)
        await expect(card.locator(".cl-seat.empty")).to_have_count(0)
        ws_url = web_url.replace("http://", "ws://") + "/ws"
        async with await signed_in(ws_url) as teacher:
            async with teacher.delete(f"/api/classes/{code}/students/{bo['id']}") as removed:
                assert removed.status == 200, await removed.text()
            empty = card.locator(".cl-seat.empty")
            await expect(empty).to_have_text("empty Washington · Treasury")
            await expect(seats).to_have_count(4)
            await expect(card.locator(".cl-held")).to_have_count(0)  # Ada plays on for it
            await page.click("#lang-zh")
            await expect(empty).to_contain_text("空位")
            await page.click("#lang-en")

            async with teacher.post(f"/api/classes/{code}/students", json={"names": ["Eve"]}) as r:
                assert r.status == 200, await r.text()
            await expect(card.locator(".cl-seat.empty")).to_have_count(0)
            await expect(seats.nth(1)).to_contain_text("Eve")
    finally:
        await page.context.close()
        for student in students:
            await student.close()
