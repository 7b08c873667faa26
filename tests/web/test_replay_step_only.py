"""A replay at step N shows what had happened by step N, and no more — the timeline's markers
and the board's news box too. The markers' tooltips named every key moment of the game at any
step ("News · Hand 1 · step 14" at step 5, before the instructor's news came); the board's news
box showed the view's news only, so an instructor's news event never showed there, as it did at
the live table. A game steered by an instructor over real websockets, replayed in a real
Chromium on a real server and Redis."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
from controlkit import seated_room, until
from playwright.async_api import Page, expect
from recordkit import RULES
from replaykit import quiet_moves
from web.test_replay import LAPTOP, Open, open_page, page_errors

__all__ = ["open_page"]  # the fixture


async def _steered(web_url: str, redis_url: str) -> tuple[str, str, str, str]:
    """An intro room: two quiet moves, the instructor's news event, two more. Return its code,
    key, the hand's drawn news and the news the instructor put in."""
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with seated_room(ws_url, redis_url, timers=False) as (teacher, ada, bo, room):
        await quiet_moves((ada, bo), 2)
        drawn = str(ada.view["news"])
        deck = RULES["intro"].scenario.news_deck
        injected = next(news for news in deck if news != drawn)
        await teacher.control("news", room.code, news=injected)
        await until(
            ada, lambda: any(e.event and e.event.type == "news_injected" for e in ada.entries)
        )
        await quiet_moves((ada, bo), 2)
    assert room.instructor_key is not None
    return room.code, room.instructor_key, drawn, injected


async def _news_steps(web_url: str, code: str, key: str) -> tuple[int, int]:
    """The steps of the instructor's news: its notice, and the news event after it."""
    url = f"{web_url}/api/games/{code}/record"
    headers = {"Authorization": f"Bearer {key}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as got:
        assert got.status == 200, await got.text()
        text = await got.text()
    entries = [json.loads(line) for line in text.splitlines()[1:]]
    notice = next(e["n"] for e in entries if (e.get("notice") or {}).get("kind") == "news")
    event = next(e["n"] for e in entries if (e.get("event") or {}).get("type") == "news_injected")
    return int(notice), int(event)


async def _name(page: Page, news: str) -> str:
    said: str = await page.evaluate("id => window.brink.state.rules.newsById[id].name.en", news)
    return said


async def _at(page: Page, n: int) -> None:
    await page.locator("#rp-slider").fill(str(n))
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {n} of")


async def _titles(page: Page) -> list[tuple[int, str]]:
    markers = await page.locator(".rp-markers .mk").all()
    return [
        (int(await m.get_attribute("data-n") or "-1"), await m.get_attribute("title") or "")
        for m in markers
    ]


async def test_markers_and_the_news_box_tell_only_what_had_happened_by_the_step(
    open_page: Open, web_url: str, redis_url: str, shots: Path
) -> None:
    code, key, drawn, injected = await _steered(web_url, redis_url)
    said, at = await _news_steps(web_url, code, key)
    _, page = await open_page(LAPTOP)
    await page.goto(web_url)
    await page.click("#games-btn")
    await page.fill("#key-code", code)
    await page.fill("#key-key", key)
    await page.click("#key-open")
    await expect(page.locator("#rp-as-instructor")).to_have_attribute("aria-pressed", "true")
    box = page.locator("#rp-board #news-box")

    before = said - 1
    await _at(page, before)
    titles = await _titles(page)
    later = [(n, title) for n, title in titles if n > before]
    assert later, titles
    for n, title in later:
        assert title.startswith(("Later in the game · step", "A hand begins")), (n, title)
    assert all("News" not in title and "Instructor" not in title for _, title in later), later
    await expect(box.locator("#news-name")).to_have_text(await _name(page, drawn))
    await expect(box.locator("#news-earlier")).to_have_count(0)
    await page.screenshot(path=shots / "replay-step-only-before.png", full_page=True)

    await _at(page, at)  # the instructor's news leads the box, the hand's own under it
    await expect(box.locator("#news-name")).to_have_text(await _name(page, injected))
    await expect(box.locator("#news-earlier")).to_contain_text(await _name(page, drawn))
    named = dict(await _titles(page))
    assert named[said].startswith("Instructor · Hand 1 · step"), named
    await page.screenshot(path=shots / "replay-step-only-news.png", full_page=True)

    await _at(page, before)  # and back: the box as it was
    await expect(box.locator("#news-name")).to_have_text(await _name(page, drawn))
    await expect(box.locator("#news-earlier")).to_have_count(0)
    await page.click("#rp-as-washington")  # a side's view: the same box
    await expect(page.locator("#rp-as-washington")).to_have_attribute("aria-pressed", "true")
    await _at(page, at)
    await expect(box.locator("#news-name")).to_have_text(await _name(page, injected))
    assert page_errors(page) == []
