"""The class's pages say a time as the player's table does: "18:21", on a 24-hour clock (a
real server, Redis and Chromium). In an American English browser the dashboard said "6:21:17
PM" while its students' tables said "18:21"."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Browser, expect
from web.conftest import system_chromium, web_url
from web.probekit import make_class, seated
from web.test_class_dates import _american_teacher

__all__ = ["system_chromium", "web_url"]  # the browser tests' fixtures, reused


async def test_the_dashboard_says_a_time_as_the_students_tables_do(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code, room = made["code"], made["rooms"][0]
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo")]  # its clock starts
    page = await _american_teacher(system_chromium, web_url)
    try:
        await page.goto(f"{web_url}/?instructor=1&class-dash={code}")
        time = r"\d{2}:\d{2}"  # 18:21
        await expect(page.locator(f"#room-card-{room} .cl-end")).to_have_text(
            re.compile(rf"^Expected to end at {time}$")
        )
        await expect(page.locator("#cl-ends")).to_have_text(
            re.compile(rf"the last room is expected to end at {time}$")
        )
        # to the second (the line that answers a control for every room): 18:21:17, not PM
        said = await page.evaluate(
            """async () => { const { clockTime } = await import('/static/dates.js');
              const at = new Date(2026, 11, 7, 18, 21, 17).getTime();  // local time
              return clockTime(at, true); }"""
        )
        assert said == "18:21:17"
    finally:
        for student in students:
            await student.close()
        await page.context.close()
