"""The class's controls tell the teacher what a click did: rooms whose game is over were listed
one by one as refusals ("PT62XW: The game is over. UJPPQ6: The game is over. …" after every
Pause, Resume or news), and one click's line read the same as the last one's."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page


async def test_a_class_wide_control_counts_the_rooms_that_are_over(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n", timers=False
    )
    first = made["rooms"][0]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        # every room has its players (no timers: no clock to start): nothing to start
        await expect(page.locator("#cl-start")).to_have_attribute("aria-disabled", "true")
        # the first room's game is ended
        page.on("dialog", lambda dialog: dialog.accept())
        await page.click(f"#ctl-{first} summary")
        await page.locator(f"#controls-{first} button:has-text('End the game')").click()
        await expect(page.locator(f"#room-card-{first}")).to_contain_text("Game over.")

        await page.click("#ctl-class summary")
        status = page.locator("#class-controls .ctl-status")
        await page.locator("#class-controls button:has-text('Pause')").click()
        await expect(status).to_contain_text("Done in 1 of 2 rooms. 1 over already.")
        await expect(status).not_to_contain_text("The game is over")
        await expect(status).not_to_have_class("ctl-status error")
    finally:
        await page.context.close()
