"""A class's debrief names its rooms the same way everywhere (a real server, Redis and Chromium):
"Time per decision" named them by bare codes ("6HGBX8") under a rooms table and a chart legend
that say "Room 1 6HGBX8". And its Chinese says 課堂 for a class, the class console's word (it
said 班級)."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page

DEBRIEF_ZH = """async () => {
  const { DB_ZH } = await import('/static/texts-debrief.js');
  return Object.entries(DB_ZH).filter(([, text]) => text.includes('班')).map(([key]) => key);
}"""


async def test_time_per_decision_names_a_class_s_rooms_by_number(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDi\n")
    code, rooms = made["code"], made["rooms"]
    page = await teacher_page(system_chromium, web_url)
    try:
        await page.goto(f"{web_url}/?debrief={code}")
        bars = page.locator("#db-bars .db-bars-room .code")
        await expect(bars).to_have_text([f"Room 1 {rooms[0]}", f"Room 2 {rooms[1]}", "All rooms"])
        await page.click("#lang-zh")
        await expect(bars).to_have_text([f"房間 1 {rooms[0]}", f"房間 2 {rooms[1]}", "所有房間"])
        await expect(page.locator("#db-title")).to_have_text(f"課後討論 · Period 3 · 課堂 {code}")
        assert await page.evaluate(DEBRIEF_ZH) == []
    finally:
        await page.context.close()
