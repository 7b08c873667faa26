"""The dashboard's Controls follow the language (a real server, Redis and Chromium). A teacher who
opened *Controls for every room* and a room's Controls, then clicked 中文, had the whole dashboard
in Chinese but both panels still in English ("Controls", "Pause", "News event", the deck's
news by their English names) until the page was loaded again. They now change with it, and
back."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page


async def test_the_dashboard_s_controls_change_language_with_it(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\n"
    )
    code, room = made["code"], made["rooms"][0]
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo")]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        await page.click("#ctl-class summary")
        await page.click(f"#ctl-{room} summary")
        panels = {
            "class": page.locator("#class-controls section.controls"),
            "room": page.locator(f"#controls-{room} section.controls"),
        }
        for panel in panels.values():
            await expect(panel.locator("h2")).to_contain_text("Controls")
            await expect(panel.locator("button[id$='-pause']")).to_have_text("Pause")
        await page.click("#lang-zh")
        await expect(page.locator("#cl-state")).to_have_text("對局進行中")
        for panel in panels.values():
            await expect(panel.locator("h2")).to_contain_text("課堂控制")
            await expect(panel.locator("button[id$='-pause']")).to_have_text("暫停")
            await expect(panel.locator(".ctl-news legend")).to_have_text("新聞事件")
        await expect(panels["class"].locator("h2 small")).to_have_text(f"課堂 {code} 的所有房間")
        await page.click("#lang-en")
        for panel in panels.values():
            await expect(panel.locator("button[id$='-pause']")).to_have_text("Pause")
    finally:
        await page.context.close()
        for student in students:
            await student.close()
