"""A class code that does not exist (mistyped, or from another server): the join screen said "No
class with that code." under the open class's instructions ("Type your name: your teacher sees
it, and you are seated in a room."), as if there were a class to be seated in."""

from __future__ import annotations

from playwright.async_api import Browser, expect


async def test_a_wrong_class_code_asks_for_the_code_not_for_a_name(
    system_chromium: Browser, web_url: str
) -> None:
    context = await system_chromium.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    try:
        await page.goto(f"{web_url}/?class=ZZZZZ")
        await expect(page.locator("#class-join-error")).to_have_text("No class with that code.")
        help_text = page.locator("#class-join-form .help")
        await expect(help_text).to_have_text("Your teacher shows a class code: type it here.")
        await page.click("#lang-zh")
        await expect(help_text).to_have_text("老師會展示一個課堂代碼：在這裡輸入。")
    finally:
        await context.close()
