"""The teacher's own broadcast on their all-seeing view (a real server, Redis and Chromium): it
was the students' box, pinned over the top of the page until dismissed, so once the page
scrolled it covered the banner (whose turn, the timer, the pause). Now it is one small line in
the page's flow that goes by itself; the students' tables still show it over the table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect
from serverkit import start_server
from web.conftest import CHROMIUM, system_chromium
from web.probekit import make_class, seated, teacher_page

__all__ = ["system_chromium"]  # the browser tests' fixture, reused

pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()), reason=f"no Chromium at {CHROMIUM}"
)

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


async def covered(page: Page) -> bool:
    """Whether something lies over the middle of the banner's top edge (as the page shows it)."""
    return bool(
        await page.evaluate(
            """() => {
              const banner = document.querySelector('#table .banner');
              const box = banner.getBoundingClientRect();
              const x = box.left + box.width / 2, y = Math.max(box.top, 0) + 4;
              const top = document.elementFromPoint(x, y);
              return !banner.contains(top);
            }"""
        )
    )


async def test_the_teachers_own_broadcast_leaves_the_all_seeing_banner_in_sight(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\n", timers=False)
    code, (room,) = made["code"], made["rooms"]
    ada, bo = await seated(web_url, code, "Ada"), await seated(web_url, code, "Bo")
    page = await teacher_page(system_chromium, web_url)
    try:
        await page.goto(f"{web_url}/?room={room}&as=owner")
        await page.wait_for_function("() => window.brink?.state.view")
        await page.fill("#ctl1-message", "Two minutes to decide")
        await page.click("#ctl1-broadcast")
        sent = page.locator("#broadcast")
        await expect(sent).to_contain_text("Two minutes to decide")
        await expect(sent).to_contain_text("Sent to the players by ms_li")
        await page.evaluate("window.scrollTo(0, 300)")  # the page scrolled: the banner stays
        await page.wait_for_function("() => window.scrollY > 0")
        assert not await covered(page)
        await page.evaluate("window.scrollTo(0, 0)")
        await page.screenshot(path=str(SHOTS / "class-broadcast-own-view.png"))
        await expect(sent).to_be_hidden(timeout=20_000)  # and it goes by itself
    finally:
        await page.context.close()
        await ada.close()
        await bo.close()
        await runner.cleanup()
