"""The class's controls: "Pause every room" stayed the highlighted button after every room was
paused; then the button to press is Resume."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page


async def test_once_every_room_is_paused_resume_is_the_button_to_press(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n", timers=False
    )
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        await page.click("#ctl-class summary")
        panel = page.locator("#class-controls")
        pause = panel.locator("button[id$='-pause']")
        resume = panel.locator("button[id$='-resume']")
        await expect(pause).to_have_class("primary")
        await pause.click()
        await expect(panel.locator(".ctl-status")).to_contain_text("Done in 2 of 2 rooms.")
        for room in made["rooms"]:
            await expect(page.locator(f"#room-card-{room}")).to_contain_text("aused")
        await expect(pause).not_to_have_class("primary")
        await expect(resume).to_have_class("primary")
        await resume.click()
        await expect(pause).to_have_class("primary")
    finally:
        await page.context.close()
