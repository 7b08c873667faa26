"""The dashboard says a room is held up by a student who has not joined yet, not that they are
"away" (a real server, Redis and Chromium). Ada sat down, Bo never came, the teacher started
every room: Bo's side is waited on and the card said "Held up: Bo away", as for a student whose
connection dropped; the teacher went looking for a broken laptop. It now says "Held up: Bo has not
joined" (卡住：Bo 尚未加入); a student who joined and left is still "away"."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page


async def test_a_room_waiting_on_a_student_who_never_joined_says_so(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(
        web_url, redis_url, roster_text="Ada\nBo\n", bots=None, scenario="classroom"
    )
    code, (room,) = made["code"], made["rooms"]
    ada = await seated(web_url, code, "Ada")
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        card = page.locator(f"#room-card-{room}")
        await expect(card).to_contain_text("Not started: waiting for Bo")
        await page.click("#cl-start")
        await expect(card).to_contain_text("Held up: Bo has not joined")
        await expect(card).not_to_contain_text("away")
        await page.click("#lang-zh")
        await expect(card).to_contain_text("卡住：Bo 尚未加入")
    finally:
        await page.context.close()
        await ada.close()
