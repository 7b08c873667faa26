"""The class dashboard and the new-class form after a review (a real server, Redis and Chromium).

- A room's card is changed in place where its room changed, and kept the click handlers of the
  elements it had: once a seat's student changed but the card kept its shape (a move, a swap),
  its **Move** opened the dialog for the student who sat there before."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page


async def test_move_on_a_card_names_the_student_who_sits_there_now(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n", timers=False
    )
    code, (first, second) = made["code"], made["rooms"]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        seat = f"#room-card-{first} .cl-seat.washington"
        await expect(page.locator(f"{seat} .cl-seat-name")).to_have_text("Ada")
        card = await page.query_selector(f"#room-card-{first}")
        button = await page.query_selector(f"{seat} button")
        assert card is not None and button is not None

        # Ada (s1) swaps with Cy, who sat at Washington in the second room
        await page.click("#student-s1 button:has-text('Move')")
        await page.select_option("#cl-move-to", f"{second}|washington")
        await page.click("#cl-move-go")
        await expect(page.locator(f"{seat} .cl-seat-name")).to_have_text("Cy")
        # the card kept its shape: changed in place, its Move button the same element
        assert await card.evaluate("e => e.isConnected")
        assert await button.evaluate("e => e.isConnected")

        await page.click(f"{seat} button")
        await expect(page.locator("#cl-move-form h3")).to_have_text("Move Cy")
        await page.click("#cl-move-cancel")
        await page.click(f"#room-card-{second} .cl-seat.washington button")
        await expect(page.locator("#cl-move-form h3")).to_have_text("Move Ada")
    finally:
        await page.context.close()
