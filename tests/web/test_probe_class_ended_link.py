"""A student opening an ended class's link (last week's, say) is told at once that the class has
ended, before typing a name (a real server, Redis and Chromium). The page offered the join form
as if the class ran, and said so only after the name was typed and sent; then it said so under
a name field and "Join the class" that could only be refused again: now it shows no form, and
tells the student where their game's result is (their teacher)."""

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
        ended = page.locator("#class-ended")
        await expect(ended).to_contain_text("This class has ended.")
        await expect(ended).to_contain_text("ask your teacher")
        # no join form: nothing to type that the class would refuse
        await expect(page.locator("#class-join-form")).to_have_count(0)
        await expect(page.locator("#class-name")).to_have_count(0)
        await expect(page.locator("#class-other")).to_have_attribute("href", "/?class=")
        await page.click("#lang-zh")
        await expect(ended).to_contain_text("這堂課已經結束。")
    finally:
        await context.close()
