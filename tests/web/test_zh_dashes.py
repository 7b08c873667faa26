"""A dash in Chinese is two ems, with no spaces round it (as the cards' bluff notes and the
lasting cards have it): the banner said "輪到你了 — 華盛頓", the log's news "新聞：解放日 — 4月2日…"
and the end screen "不做TACO — ✔ 達成", with the English spaced dash.

Real Chromium, a real server and Redis; the other side is the server's bot."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.test_browser import PHONE, play_out, play_the_bot


async def test_chinese_dashes_are_two_ems(system_chromium: Browser, web_url: str) -> None:
    phone = await system_chromium.new_context(viewport=PHONE, locale="zh-TW")  # type: ignore[arg-type]
    page = await phone.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(web_url)
    await play_the_bot(page, "小明", "full_2025", "washington")
    await expect(page.locator("#turn-text")).to_have_text("輪到你了——華盛頓")
    await expect(page.locator("#log li.news").first).to_contain_text("——")
    await play_out([page])
    await expect(page.locator(".score-table tbody tr").first).to_contain_text("——")
    for where in ("#log", "#end"):
        assert " — " not in await page.locator(where).inner_text(), where
    assert errors == []
    await phone.close()
