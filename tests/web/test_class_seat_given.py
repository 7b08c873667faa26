"""A seat of a class's room given to someone else from the dashboard's Controls shows its new
holder on the room's card at once (a real server, Redis and Chromium). The card went on naming
the student who had dropped ("Held up: Ada away") until the new player opened the link and sat
down: the dashboard read who holds the seats only when someone came or went."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page


async def test_a_seat_given_away_shows_its_new_holder_on_the_card_at_once(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code, room = made["code"], made["rooms"][0]
    ada = await seated(web_url, code, "Ada")
    bo = await seated(web_url, code, "Bo")
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        card = page.locator(f"#room-card-{room}")
        await expect(card.locator(".dot.here")).to_have_count(2)
        seat = "washington" if ada.seat == "washington" else "beijing"
        await ada.close()  # Ada's laptop gives up
        await expect(card.locator(".dot.here")).to_have_count(1)
        await page.click(f"#ctl-{room} summary")
        controls = page.locator(f"#controls-{room}")
        await controls.locator("select[id$='-seat']").select_option(seat)
        await controls.locator("input[id$='-holder']").fill("Zoe")
        await controls.locator("button[id$='-reassign']").click()
        await expect(controls.locator("[id$='-handover']")).to_contain_text("Send Zoe this link")
        await expect(card.locator(f".cl-seat.{seat} .cl-seat-name")).to_have_text("Zoe")
        await expect(card).not_to_contain_text("Ada")
    finally:
        await bo.close()
        await page.context.close()
