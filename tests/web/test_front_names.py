"""A name typed on the front page is cleaned as a class's student names are (docs/classroom.md):
control and bidirectional characters dropped before it is sent. A tester on the Chinese page
typed "\u202eevil\u202c RTL عربي" into Quick match and got the server's English refusal in a
toast that stayed over the page after a later try went through."""

from __future__ import annotations

import json

from playwright.async_api import Browser, Page, expect
from web.test_browser import open_page, page_errors

from client.connection import BrinkClient

HIDDEN = "\u202eevil\u202c RTL عربي\u2066\u200f"
CLEAN = "evil RTL عربي"


def sent_names(page: Page) -> list[str]:
    """A list that fills with the `name` of every request the page sends from now on."""
    names: list[str] = []

    def frame(payload: str | bytes) -> None:
        message = json.loads(payload)
        if "name" in message:
            names.append(message["name"])

    page.on("websocket", lambda ws: ws.on("framesent", frame))
    return names


async def chinese_front_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    """The front page in Chinese, and the names it sends (sent_names)."""
    _, page = await open_page(browser)
    names = sent_names(page)
    await page.goto(url)
    await page.click("#lang-zh")
    await expect(page.locator("#create-h")).to_have_text("建立房間")
    return page, names


async def test_every_form_of_the_front_page_sends_the_name_cleaned(
    system_chromium: Browser, web_url: str
) -> None:
    async with BrinkClient(web_url.replace("http://", "ws://") + "/ws", "Bo") as bo:
        room = await bo.create_room("intro", timers=False)
        await bo.join(room.code, "beijing")
        forms = {
            "create": ("#create-name", "#create-btn", "#lobby"),
            "join": ("#join-name", "#join-btn", "#table"),
            "quick": ("#quick-name", "#quick-btn", "#queued"),
            "bot": ("#bot-name", "#bot-btn", "#table"),
        }
        for form, (field, button, lands) in forms.items():
            page, names = await chinese_front_page(system_chromium, web_url)
            if form == "join":
                await page.fill("#join-code", room.code)
                await page.check("#join-seat-washington")
            await page.fill(field, HIDDEN)
            await page.click(button)
            await expect(page.locator(lands)).to_be_visible()
            assert names and set(names) == {CLEAN}, (form, names)
            await expect(page.locator("#toast")).to_be_hidden()
            assert page_errors(page) == [], form
            await page.context.close()


async def test_a_name_refused_is_said_in_the_page_language_until_a_try_goes_through(
    system_chromium: Browser, web_url: str
) -> None:
    page, _ = await chinese_front_page(system_chromium, web_url)
    # longer than the field lets anyone type (pasted by a script): the server refuses it
    await page.evaluate("document.getElementById('quick-name').value = '名'.repeat(41)")
    await page.click("#quick-btn")
    toast = page.locator("#toast")
    await expect(toast).to_have_text("這個名字無法使用：請輸入最多 40 個字、含有文字或數字的名字。")
    await page.fill("#quick-name", "小明")
    await page.click("#quick-btn")
    await expect(page.locator("#queued")).to_be_visible()
    # gone as the try began (its own timer hides it seconds later): asked at once, not waited for
    assert await toast.is_hidden()
    assert page_errors(page) == []
