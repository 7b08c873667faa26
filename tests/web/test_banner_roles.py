"""The banner of a team role, held to the seat's options: in the talks Washington is waited for,
but its Commerce may not negotiate, and was told "Your turn" over greyed buttons (a fresh user's
probe); its Treasury may, and is. Once the President passes, each is told what is left to it.
With Beijing's proposal on the table the Treasury, without the final say, was told to "accept,
reject, counter or pass" though its Accept was refused, and in the betting to "fold", which it
may not: the hints list what its options allow."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from clientkit import propose_any
from playwright.async_api import Browser, Page, expect
from serverkit import start_server
from web.test_browser import join_room, open_page

from client.connection import BrinkClient
from server.engine.commands import Check, PassTalks

ROLE_NAMES = {"commerce": "Cy", "treasury": "Di"}


async def seated_page(browser: Browser, web_url: str, code: str, name: str, seat: str) -> Page:
    """A page that joined room `code` from the landing page in `seat` (a team role)."""
    _, page = await open_page(browser)
    await join_room(page, web_url, code, name, seat.replace(":", "-"))
    return page


@contextlib.asynccontextmanager
async def team_table(
    browser: Browser, redis_url: str, tmp_path: Path, *roles: str
) -> AsyncIterator[tuple[BrinkClient, BrinkClient, list[Page]]]:
    """A classroom room: Washington's President and Beijing played by scripts, and a page for
    each of Washington's `roles` (its student named by ROLE_NAMES)."""
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    president, beijing = BrinkClient(ws_url, "Ada"), BrinkClient(ws_url, "Bo")
    try:
        await president.connect()
        await beijing.connect()
        created = await president.create_room("classroom", timers=False)
        await president.join(created.code, "washington:president")
        await beijing.join(created.code, "beijing")
        pages = [
            await seated_page(
                browser, web_url, created.code, ROLE_NAMES[role], f"washington:{role}"
            )
            for role in roles
        ]
        yield president, beijing, pages
    finally:
        await president.close()
        await beijing.close()
        await runner.cleanup()


async def test_a_role_that_may_not_negotiate_is_not_told_it_is_its_turn(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    async with team_table(system_chromium, redis_url, tmp_path, "commerce", "treasury") as table:
        president, beijing, (commerce, treasury) = table
        # the betting (both sides choose in secret): each checks, and the talks open
        await president.wait_for(lambda v: v["phase_kind"] == "betting")
        await president.act(Check())
        await beijing.act(Check())
        await president.wait_for(lambda v: v["phase_kind"] == "talks")
        await commerce.wait_for_function("() => window.brink.state.view.phase_kind === 'talks'")
        assert await commerce.evaluate("window.brink.state.options") is not None  # waited for

        banner, hint = commerce.locator("#turn-text"), commerce.locator("#turn-hint")
        await expect(banner).to_have_text(
            "Your side's turn — your role (Commerce) may not negotiate deals"
        )
        await expect(hint).to_contain_text(
            "Only the President or the Treasury may negotiate for Washington"
        )
        await expect(commerce.locator("#banner .turn")).to_have_class("turn theirs")
        await expect(commerce.locator("#act-pass")).to_be_disabled()
        await expect(treasury.locator("#turn-text")).to_have_text("Your turn — Talks")
        await commerce.click("#lang-zh")
        await expect(banner).to_have_text("輪到你方 — 你的角色（商務部）不能談判協議")
        await expect(hint).to_contain_text("只有總統或財政部可以代表華盛頓談判")
        await commerce.click("#lang-en")

        # The President passes: Washington is no longer waited for, yet may still propose.
        await president.act(PassTalks())
        await expect(banner).to_have_text("Waiting for Beijing…")
        await expect(hint).to_have_text(
            "Your side passed; the talks end when Beijing passes too."  # and nothing is left
        )
        await expect(treasury.locator("#turn-hint")).to_have_text(
            "Your side passed; the talks end when Beijing passes too. "
            "Until then you may still propose a deal: that opens the talks again."
        )
        await expect(treasury.locator("#act-pass-reason")).to_have_text(
            "Why not: You have passed; wait for the other side."
        )
        # (every control of Commerce's talks waits for that one reason: said once for them)
        await expect(commerce.locator("#talks-why")).to_have_text(
            "Why not: Only the President or the Treasury may negotiate deals."
        )
        for page in (commerce, treasury):
            assert page.errors == []  # type: ignore[attr-defined]


async def test_the_hint_lists_only_what_a_role_without_the_final_say_may_do(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    async with team_table(system_chromium, redis_url, tmp_path, "treasury") as table:
        president, beijing, (treasury,) = table
        await president.wait_for(lambda v: v["phase_kind"] == "betting")
        # The betting, chosen in secret: the Treasury may not fold, and is not told to.
        hint = treasury.locator("#turn-hint")
        await expect(hint).to_contain_text("Choose in secret: check")
        refused = await treasury.evaluate(
            "window.brink.state.options['washington:treasury'].actions.fold"
        )
        assert refused["code"] == "role_not_allowed"
        await expect(hint).not_to_contain_text("fold")
        await treasury.click("#lang-zh")
        await expect(hint).to_contain_text("秘密選擇：過牌")
        await expect(hint).not_to_contain_text("棄牌")
        await treasury.click("#lang-en")
        await president.act(Check())
        await beijing.act(Check())
        await beijing.wait_for(lambda v: v["phase_kind"] == "talks")
        await expect(hint).to_have_text("Propose a deal, or pass.")
        await propose_any(beijing)
        # One proposal a hand in this scenario: there is no countering it either.
        await expect(treasury.locator("#turn-text")).to_have_text("Your turn — Talks")
        await expect(hint).to_have_text(
            "Beijing proposes a deal: reject or pass. Only the President may accept it."
        )
        await expect(treasury.locator("#act-accept")).to_be_disabled()
        await treasury.click("#lang-zh")
        await expect(hint).to_have_text("北京提出了協議：拒絕或不再發言。只有總統可以接受協議。")
        await treasury.click("#lang-en")
        assert treasury.errors == []  # type: ignore[attr-defined]


async def test_a_role_is_told_what_its_side_did_not_what_it_did(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    """The Treasury's secret choice was shown to the Commerce as "You have chosen", and the
    side's own proposal told the Commerce "You may withdraw it", which it may not."""
    async with team_table(system_chromium, redis_url, tmp_path, "commerce", "treasury") as table:
        president, beijing, (commerce, treasury) = table
        await president.wait_for(lambda v: v["phase_kind"] == "betting")
        await president.act(Check())
        text, hint = commerce.locator("#turn-text"), commerce.locator("#turn-hint")
        await expect(text).to_have_text("Your side has chosen; waiting for Beijing.")
        await expect(hint).to_have_text(
            "Both choices are carried out together once Beijing has chosen."
        )
        await beijing.act(Check())
        await president.wait_for(lambda v: v["phase_kind"] == "talks")
        await propose_any(president)
        await expect(hint).to_have_text("They are considering your side's proposal.")
        await expect(commerce.locator("#act-withdraw")).to_be_disabled()
        await expect(treasury.locator("#turn-hint")).to_have_text(
            "They are considering your proposal. You may withdraw it."
        )
        await commerce.click("#lang-zh")
        await expect(hint).to_have_text("對方正在考慮你方的提議。")
        for page in (commerce, treasury):
            assert page.errors == []  # type: ignore[attr-defined]
