"""The class console's refusals in the teacher's language, and no seating in an ended class.

In Chinese, a refused Add students or Move said the server's English ("'Ada' is in the class
already", "the game in room 1 is over"), and so did the new-class form ("a roster needs at least
one name"). And the dashboard of a class that had ended still offered Move on every seat and
Add students, which could only be refused (class_over)."""

from __future__ import annotations

from typing import Any

from classkit import PASSWORD, add_instructor, session_cookie, signed_in
from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page

from client.connection import BrinkClient


async def test_refusals_are_in_chinese_and_an_ended_class_offers_no_seating(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n")
    code = made["code"]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    toast = page.locator("#toast")
    try:
        await page.click("#lang-zh")
        await expect(page.locator("#cl-add-go")).to_have_text("加入")
        await page.fill("#cl-add-names", "ada")
        await page.click("#cl-add-go")
        await expect(toast).to_be_visible()
        await expect(toast).to_have_text("「ada」已在課堂名單上：請加以區分（例如加上姓氏縮寫）")

        # the new-class form, with no names
        await page.goto(f"{web_url}/?instructor=1&new-class=1")
        await expect(page.locator("#cs-h")).to_have_text("新課堂")
        await page.click("#cs-create")
        await expect(page.locator("#cs-error")).to_have_text(
            "名單是空的：請貼上名字，或選擇開放加入。"
        )

        # the class ends: nobody is seated any more, so nothing offers to
        ws_url = web_url.replace("http://", "ws://") + "/ws"
        await page.goto(f"{web_url}/?instructor=1&class-dash={code}")
        await expect(page.locator("#cl-title")).to_be_visible()
        async with (
            await signed_in(ws_url) as teacher,
            BrinkClient(ws_url, "Ms Li", headers={"Cookie": session_cookie(teacher)}) as li,
        ):
            await li.control("end", class_=code)
        # the open dashboard follows
        await expect(page.locator("#cl-state")).to_have_text("已結束")
        await expect(page.locator(".cl-students tbody tr")).to_have_count(4)
        await expect(page.locator("[data-move]")).to_have_count(0)
        await expect(page.locator(".cl-students button:has-text('移動')")).to_have_count(0)
        await expect(page.locator("#cl-add-form")).to_have_count(0)
        # nor Let in again (nobody joins it any more) nor Remove: the server refuses them
        await expect(page.locator(".cl-students button:has-text('移除')")).to_have_count(0)
    finally:
        await page.context.close()


async def test_a_class_that_is_not_yours_is_said_so_in_chinese(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    """Another instructor opening a class's dashboard or join page (a link passed on, a code
    mistyped) was shown the server's "you have no class K7QX2", in English whatever the page's
    language, as plain text; a language switch left it in the language it was said in."""
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code = made["code"]
    await add_instructor(redis_url, "mr_wu")
    context = await system_chromium.new_context()
    page = await context.new_page()
    try:
        await page.goto(f"{web_url}/?instructor=1")
        await page.fill("#in-name", "mr_wu")
        await page.fill("#in-password", PASSWORD)
        await page.click("#sign-in")
        await expect(page.locator("#signed-in-as")).to_be_visible()
        await page.click("#lang-zh")
        said = f"你沒有代碼為 {code} 的課堂（可能是其他教師的，或代碼打錯了）。"
        for view in ("class-dash", "project"):
            await page.goto(f"{web_url}/?instructor=1&{view}={code}")
            error = page.locator("#class-console .error")
            await expect(error).to_have_text(said)
            assert await error.evaluate("e => getComputedStyle(e).color") != "rgb(0, 0, 0)"
            await expect(error).not_to_contain_text("you have no class")
        # a language switch says it again in the new language
        await page.click("#lang-en")
        await expect(page.locator("#class-console .error")).to_have_text(
            f"You have no class {code} (another instructor's, or a code mistyped)."
        )
    finally:
        await context.close()
