"""The class list says when a class was made the way Past games says when a game was played (a
real server, Redis and Chromium). In an American English browser it said "07/12/2026, 08:37:13"
(British digits, to the second) beside Past games' "Dec 7, 2026, 8:40 AM"; in Chinese, Taiwan's
digits beside Past games' "2026年12月7日 上午8:40". The dashboard's times ("expected to end at
09:00") are said the same way too ("9:00 AM")."""

from __future__ import annotations

import re
from typing import Any

from classkit import PASSWORD
from playwright.async_api import Browser, Page, expect
from web.probekit import LAPTOP, make_class, seated

EN = r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M"  # Dec 7, 2026, 8:40 AM
# 上午8:40, 中午12:05, and in the evening 晚上7:05 (the hour's part of the day, as Chromium says it)
ZH = r"\d{4}年\d{1,2}月\d{1,2}日 (?:[上中下]午|午夜|凌晨|清晨|早上|晚上|半夜)\d{1,2}:\d{2}"


async def _american_teacher(browser: Browser, web_url: str) -> Page:
    context = await browser.new_context(viewport=LAPTOP, locale="en-US")  # type: ignore[arg-type]
    page = await context.new_page()
    await page.goto(web_url + "/?instructor=1")
    await page.fill("#in-name", "ms_li")
    await page.fill("#in-password", PASSWORD)
    await page.click("#sign-in")
    await expect(page.locator("#signed-in-as")).to_be_visible()
    return page


async def test_the_class_list_dates_a_class_as_past_games_dates_a_game(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    page = await _american_teacher(system_chromium, web_url)
    try:
        when = page.locator(f"#cl-progress-{made['code']}").locator("xpath=..")
        await expect(when).to_have_text(re.compile(rf"^{EN} · "))

        await page.click("#lang-zh")
        await expect(when).to_have_text(re.compile(rf"^{ZH} · "))
    finally:
        await page.context.close()


async def test_the_dashboard_says_when_the_rooms_end_as_past_games_says_a_time(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code, room = made["code"], made["rooms"][0]
    students = [await seated(web_url, code, name) for name in ("Ada", "Bo")]  # its clock starts
    page = await _american_teacher(system_chromium, web_url)
    try:
        await page.goto(f"{web_url}/?instructor=1&class-dash={code}")
        time = r"\d{2}:\d{2}"  # 18:21, as the students' tables say it
        await expect(page.locator(f"#room-card-{room} .cl-end")).to_have_text(
            re.compile(rf"^Expected to end at {time}$")
        )
        await expect(page.locator("#cl-ends")).to_have_text(
            re.compile(rf"the last room is expected to end at {time}$")
        )
    finally:
        for student in students:
            await student.close()
        await page.context.close()
