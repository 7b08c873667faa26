"""A class room's controls panel is headed by the room's number in its class, as the dashboard's
card is ("Room 2", its code beside); it said "Controls Room 4VBAZU" under a card headed
"Room 2". A room outside a class is still headed by its code."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page


async def test_a_class_room_s_controls_say_its_number_and_code(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n")
    second = made["rooms"][1]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        await expect(page.locator(f"#rc-h-{second}")).to_contain_text("Room 2")
        await page.click(f"#ctl-{second} summary")
        heading = page.locator(f"#controls-{second} h2 small")
        await expect(heading).to_have_text(f"Room 2 {second}")
        await expect(heading.locator(".code")).to_have_text(second)
        await page.click("#lang-zh")
        first = made["rooms"][0]
        await page.click(f"#ctl-{first} summary")
        await expect(page.locator(f"#controls-{first} h2 small")).to_have_text(f"房間 1 {first}")
    finally:
        await page.context.close()


MOUNT = """async () => {
  const { mountControls } = await import('/static/controls.js');
  const box = document.createElement('div');
  document.body.append(box);
  const send = async () => ({ results: [] });
  mountControls(box, { room: 'ABC234' }, { send });
  return box.querySelector('h2 small').textContent;
}"""


async def test_a_room_outside_a_class_is_headed_by_its_code(
    system_chromium: Browser, web_url: str
) -> None:
    page = await system_chromium.new_page()
    try:
        await page.goto(web_url)
        assert await page.evaluate(MOUNT) == "Room ABC234"
    finally:
        await page.close()
