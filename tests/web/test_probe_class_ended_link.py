"""A student opening an ended class's link (last week's, say) is told at once that the class has
ended, before typing a name (a real server, Redis and Chromium). The page offered the join form
as if the class ran, and said so only after the name was typed and sent."""

from __future__ import annotations

from classkit import add_instructor
from controlkit import teacher_headers
from playwright.async_api import Browser, expect
from web.probekit import make_class

from client.connection import BrinkClient


async def test_an_ended_class_s_link_says_so_at_once(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code = made["code"]
    await add_instructor(redis_url)
    headers = await teacher_headers(web_url.replace("http://", "ws://") + "/ws", redis_url)
    async with BrinkClient(
        web_url.replace("http://", "ws://") + "/ws", "Ms Li", headers=headers
    ) as li:
        await li.control("end", class_=code)
    context = await system_chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = await context.new_page()
        await page.goto(f"{web_url}/?class={code}")
        await expect(page.locator("#class-join-error")).to_have_text("This class has ended.")
    finally:
        await context.close()
