"""A latecomer alone in a new room after the class started can be given a bot. Start all rooms
went with the class's start, so the latecomer's room ("Not started: waiting for a student to
play Beijing") had no way to start from the dashboard, though the guide says Start all rooms
gives them a bot (the server would)."""

from __future__ import annotations

from classkit import PASSWORD, add_instructor, signed_in
from playwright.async_api import Browser, expect
from web.probekit import seated, teacher_page


async def test_start_all_rooms_comes_back_for_a_latecomers_room(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with await signed_in(ws_url, password=PASSWORD) as teacher:
        body = {"title": "Open period", "scenario": "intro", "mode": "open"}
        async with teacher.post("/api/classes", json=body) as r:
            assert r.status == 201, await r.text()
            code = (await r.json())["code"]
    students = [await seated(web_url, code, "Ada"), await seated(web_url, code, "Bo")]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        await expect(page.locator("#cl-state")).to_have_text("being played")  # Ada and Bo's room
        # their room started as they sat down: nothing to start (test_class_start_nothing_left.py)
        await expect(page.locator("#cl-start")).to_have_attribute("aria-disabled", "true")
        students.append(await seated(web_url, code, "Cy"))
        cards = page.locator("article.cl-room")
        await expect(cards).to_have_count(2)
        await expect(cards.nth(1)).to_contain_text("waiting for a student to play Beijing")
        await expect(page.locator("#cl-start")).to_have_class("primary")
        await page.click("#cl-start")
        await expect(cards.nth(1)).to_contain_text("bot")
        await expect(cards.nth(1)).not_to_contain_text("Not started")
        await expect(page.locator("#cl-start")).to_be_hidden()
    finally:
        await page.context.close()
        for client in students:
            await client.close()
