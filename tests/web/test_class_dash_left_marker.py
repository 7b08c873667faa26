"""The "(left)" marker in the class dashboard's Students list follows the seat (a real server,
Redis, Python-client students and Chromium).

A helper saw it go stale: it never appeared after Di left, and after Bo came back his row still
said "Room 1 · Beijing (left)" while his room's card was normal (the list was drawn again only
when a seat went to someone not on the roster)."""

from __future__ import annotations

from typing import Any

import aiohttp
from playwright.async_api import Browser, expect
from web.probekit import make_class, sit, teacher_page


async def _token(web_url: str, code: str, name: str) -> str:
    async with (
        aiohttp.ClientSession() as anyone,
        anyone.post(f"{web_url}/api/classes/{code}/join", json={"name": name}) as answer,
    ):
        token: str = (await answer.json())["token"]
        return token


async def test_the_students_list_marks_a_leaver_and_unmarks_them_when_back(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code = made["code"]
    bo_id = next(s["id"] for s in made["students"] if s["name"] == "Bo")
    ada = await sit(web_url, code, await _token(web_url, code, "Ada"), "Ada")
    bo_token = await _token(web_url, code, "Bo")
    bo = await sit(web_url, code, bo_token, "Bo")
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    back = None
    try:
        where = page.locator(f"#student-{bo_id} td").nth(2)
        await expect(where).to_have_text("Room 1 · Beijing")
        await bo.leave()
        await expect(where).to_have_text("Room 1 · Beijing (left)")
        await bo.close()
        back = await sit(web_url, code, bo_token, "Bo")
        await expect(where).to_have_text("Room 1 · Beijing")
    finally:
        for student in (ada, bo, back):
            if student is not None:
                await student.close()
        await page.context.close()
