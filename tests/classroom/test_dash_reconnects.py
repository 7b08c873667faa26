"""The class pages that hold no seat come back after their connection drops (a real server
restarted on its port, real Redis, Chromium).

The page reconnects by itself only while it holds a room's seat; the dashboard, the projected
join page and a student still waiting to be seated hold none, so when the server restarted
mid-class (or the teacher's Wi-Fi dropped) they stayed as they were, for good: every student
still shown connected, turn clocks still counting, the rooms' pauses and the students who
joined since never shown, and nothing on the page to say so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from aiohttp import web
from playwright.async_api import Browser, Page, expect
from serverkit import start_server
from web.conftest import CHROMIUM, system_chromium
from web.probekit import joined, make_class, sit, teacher_page

__all__ = ["system_chromium"]  # the browser tests' fixture, reused

pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()), reason=f"no Chromium at {CHROMIUM}"
)


async def started(redis_url: str, tmp_path: Path) -> tuple[web.AppRunner, str, int]:
    """A server on a free port: its runner, its http:// URL and the port (to start it again on)."""
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    return runner, web_url, int(web_url.rsplit(":", 1)[1])


async def test_the_dashboard_and_the_join_page_come_back_after_a_server_restart(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    runner, web_url, port = await started(redis_url, tmp_path)
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n", timers=False)
    code, room = made["code"], made["rooms"][0]
    dash = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    project: Page = await dash.context.new_page()
    try:
        await project.goto(f"{web_url}/?instructor=1&project={code}")
        ada = await sit(web_url, code, await joined(web_url, code, "Ada"))
        await expect(dash.locator(f"#room-card-{room} .dot.here")).to_have_count(1)
        await expect(dash.locator("#cl-joined")).to_have_text("1 of 4 joined")
        await expect(project.locator("body")).to_contain_text("Ada")

        # the server restarts mid-class; Ada's laptop does not come back
        await ada.__aexit__(None, None, None)
        await runner.cleanup()
        runner, _ = await start_server(redis_url, tmp_path, port=port)
        await joined(web_url, code, "Bo")

        # the dashboard watches the class again: Ada away, Bo joined
        await expect(dash.locator("#conn")).to_have_text("connected", timeout=20_000)
        await expect(dash.locator("#cl-joined")).to_have_text("2 of 4 joined")
        await expect(dash.locator(f"#room-card-{room} .dot.here")).to_have_count(0)
        await expect(dash.locator(f"#room-card-{room} .dot.away")).to_have_count(2)
        # the projected join page fills in again
        await expect(project.locator("body")).to_contain_text("Bo", timeout=20_000)
    finally:
        await dash.context.close()
        await runner.cleanup()


async def test_the_dashboard_says_it_is_out_of_date_while_the_server_is_away(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    runner, web_url, port = await started(redis_url, tmp_path)
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\n", timers=False)
    code = made["code"]
    dash = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        await expect(dash.locator(".cl-room")).to_have_count(1)
        await expect(dash.locator("#cl-stale")).to_have_count(0)
        # every text the stale line is given, the first included (a screen reader says it)
        await dash.evaluate(
            """() => { window.staleTexts = [];
              new MutationObserver(() => { const line = document.getElementById("cl-stale");
                if (line) window.staleTexts.push(line.textContent); })
              .observe(document.body, { childList: true, subtree: true, characterData: true }); }"""
        )
        lost = await dash.evaluate("() => Date.now()")
        await runner.cleanup()
        await expect(dash.locator("#cl-stale")).to_be_visible()
        texts = await dash.evaluate("() => window.staleTexts")
        # the time the connection was lost, within the seconds the page took to notice, said
        # as the class pages say a time (client/web/dates.js: "10:26:31", as the table does)
        near = await dash.evaluate(
            """async (ms) => { const { clockTime } = await import('/static/dates.js');
              return [0, 1, 2, 3, 4, 5].map((k) => clockTime(ms + k * 1000, true)); }""",
            lost,
        )
        assert texts and any(time in texts[0] for time in near), (texts, near)
        await expect(dash.locator("#conn")).to_have_text("reconnecting…")
        await dash.click("#lang-zh")
        await expect(dash.locator("#cl-stale")).to_contain_text("連線中斷")
        runner, _ = await start_server(redis_url, tmp_path, port=port)
        await expect(dash.locator("#cl-stale")).to_have_count(0, timeout=20_000)
    finally:
        await dash.context.close()
        await runner.cleanup()
