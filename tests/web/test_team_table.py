"""Team play at the table (full_2025, one player a role): the log names the team role that
moved ("Washington checks." left teammates asking which of them had), a team role's chat goes to
its team unless the player unticks "Team only" (it went to the whole room unless ticked) and the
page says who reads a message, and the seats list every role of the scenario, empty or not (it
listed only the roles taken)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

from playwright.async_api import Browser, Page, expect
from serverkit import start_server
from web.snap import snap
from web.test_banner_roles import seated_page

from client.connection import BrinkClient
from server.engine.commands import Check


@contextlib.asynccontextmanager
async def team_of_two(
    browser: Browser, redis_url: str, tmp_path: Path
) -> AsyncIterator[tuple[BrinkClient, BrinkClient, Page]]:
    """A full_2025 room: Washington's Treasury (Ada) and Beijing's Leader (Bo) played by
    scripts, and a page for Washington's President (Cy); the room's instructor key is kept as
    the page's `instructor_key`."""
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    treasury, leader = BrinkClient(ws_url, "Ada"), BrinkClient(ws_url, "Bo")
    try:
        await treasury.connect()
        await leader.connect()
        created = await treasury.create_room("full_2025", timers=False)
        await treasury.join(created.code, "washington:treasury")
        await leader.join(created.code, "beijing:leader")
        page = await seated_page(browser, web_url, created.code, "Cy", "washington:president")
        page.instructor_key = created.instructor_key  # type: ignore[attr-defined]
        yield treasury, leader, page
    finally:
        await treasury.close()
        await leader.close()
        await runner.cleanup()


async def test_the_log_names_the_team_role_that_moved_and_its_player(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    async with team_of_two(system_chromium, redis_url, tmp_path) as (treasury, leader, page):
        await treasury.wait_for(lambda v: v["phase_kind"] == "betting")
        if treasury.view["to_act"] == "beijing":
            await leader.act(Check())
            await treasury.wait_for(lambda v: v["to_act"] == "washington")
        await treasury.act(Check())
        await expect(page.locator("#log li.act", has_text="checks")).to_have_text(
            "Washington (Treasury — Ada) checks."
        )
        await page.click("#lang-zh")
        await expect(page.locator("#log li.act", has_text="過牌")).to_have_text(
            "華盛頓（財政部——Ada）過牌。"
        )
        await snap(page.locator("#log"), shots / "team-log-role-zh.png")

        # the game's replay, all-seeing (the instructor's key), names the role too
        code = await page.evaluate("window.brink.state.room.code")
        kept = json.dumps([{"code": code, "key": page.instructor_key}])  # type: ignore[attr-defined]
        await page.evaluate("items => localStorage.setItem('brink.games', items)", kept)
        web_url = page.url.split("/?")[0]
        await page.goto(f"{web_url}/?game={code}&as=all")
        await page.click("#lang-en")
        await page.click("#rp-last")
        await expect(page.locator("#rp-log li").filter(has_text="checks").first).to_have_text(
            "Washington (Treasury — Ada) checks."
        )


async def test_a_team_roles_chat_goes_to_its_team_unless_unticked(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    async with team_of_two(system_chromium, redis_url, tmp_path) as (treasury, leader, page):
        box, said = page.locator("#chat-team"), page.locator("#chat-to")
        await expect(box).to_be_checked()
        await expect(said).to_have_text(
            "Only your team and the instructor read this: Ada (Treasury)."
        )
        await expect(page.locator("#chat-text")).to_have_attribute(
            "placeholder", "Message your team…"
        )
        await snap(page.locator("#logpanel"), shots / "team-chat-default.png")
        await page.fill("#chat-text", "They are bluffing")
        await page.click("#chat-send")
        await expect(page.locator("#log li.chat.team")).to_contain_text("They are bluffing")
        lines = [e.chat for e in treasury.entries if e.chat is not None]
        assert [(c.text, c.team) for c in lines] == [("They are bluffing", "washington")]
        assert not [e for e in leader.entries if e.chat is not None]  # Beijing never saw it

        await box.uncheck()
        await expect(said).to_have_text("Everyone in the room reads this, Beijing too.")
        await page.fill("#chat-text", "Truce?")
        await page.click("#chat-send")
        await leader.wait_for(lambda v: any(e.chat for e in leader.entries))
        await expect(box).not_to_be_checked()  # the player's choice outlives the redraws
        await page.click("#lang-zh")
        await expect(said).to_have_text("房間裡所有人都看得到，包括北京。")
        await box.check()
        await expect(said).to_have_text("只有隊友和老師看得到：Ada（財政部）。")


async def test_the_seats_list_every_role_of_the_scenario_empty_or_not(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    async with team_of_two(system_chromium, redis_url, tmp_path) as (_, _, page):
        await page.click(".seatlist summary")
        rows = page.locator(".seatlist li.seat")
        await expect(rows).to_have_text(
            [
                "Washington · PresidentCy (you)",
                "Washington · TreasuryAda",
                "Washington · Commerceempty",
                "Beijing · LeaderBo",
                "Beijing · Vice Premierempty",
                "Beijing · Ministry of Commerceempty",
            ]
        )
        await snap(page.locator("#mine"), shots / "team-seats.png")
        await page.click("#lang-zh")
        await expect(rows.nth(2)).to_have_text("華盛頓 · 商務部空位")


async def test_team_only_comes_back_as_chosen_when_a_teammate_comes_back(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    """The box is unticked while the page's side has nobody else; when a teammate sits down
    again it is ticked again as the player last chose it. Once touched, it stayed unticked, and
    the player's next "team" line went to Beijing too."""
    async with team_of_two(system_chromium, redis_url, tmp_path) as (treasury, _, page):
        box = page.locator("#chat-team")
        await box.uncheck()
        await box.check()  # chosen: team only
        code = await page.evaluate("window.brink.state.room.code")
        await treasury.leave()  # Ada gives her seat up: nobody else for Washington
        await expect(page.locator("#team-wrap")).to_be_hidden()
        ws_url = page.url.split("/?")[0].replace("http://", "ws://") + "/ws"
        async with BrinkClient(ws_url, "Di") as di:
            await di.join(code, "washington:treasury")
            await expect(page.locator("#team-wrap")).to_be_visible()
            await expect(box).to_be_checked()
            await expect(page.locator("#chat-to")).to_have_text(
                "Only your team and the instructor read this: Di (Treasury)."
            )
