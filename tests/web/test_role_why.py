"""A team role's greyed moves say which role of its side may make them. A class playing the 2025
game in teams found Commerce's cards, Fold and the Vice Premier's Accept each saying only "Your
role may not do this.", leaving the student to guess whom to ask in the team chat (the banner
named the final say, the buttons did not)."""

from __future__ import annotations

import re
from pathlib import Path

from clientkit import propose_any
from playwright.async_api import Browser, expect
from serverkit import start_server
from web.test_banner_roles import seated_page, team_table

from client.connection import BrinkClient
from server.engine.commands import Check

# The shared rules: which of Washington's roles may play a card that Commerce may not
WHO = {"president": "the President", "treasury": "the Treasury", "commerce": "the Commerce"}


async def test_a_role_is_told_which_roles_may_make_the_move_it_may_not(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    async with team_table(system_chromium, redis_url, tmp_path, "commerce", "treasury") as table:
        president, beijing, (commerce, treasury) = table
        await president.wait_for(lambda v: v["phase_kind"] == "betting")
        await expect(commerce.locator("#act-fold-reason")).to_have_text(
            "Why not: Only the President may fold."
        )
        # every card of Commerce's hand that its role may not play names the roles that may
        cards = await commerce.evaluate(
            """() => Object.entries(window.brink.state.options['washington:commerce'].play)
                .filter(([, why]) => why && why.code === 'role_not_allowed')
                .map(([id]) => [id.replace(/[^a-z0-9_-]/gi, '_'),
                                window.brink.state.rules.cardById[id].roles])"""
        )
        for safe, roles in cards:
            who = " or ".join(WHO[role] for role in roles)
            await expect(commerce.locator(f"#why-play-{safe}")).to_have_text(
                re.compile(rf": Only {who} may play this card\.$")
            )
        await commerce.click("#lang-zh")
        await expect(commerce.locator("#act-fold-reason")).to_have_text("原因：只有總統可以棄牌。")
        await commerce.click("#lang-en")

        await president.act(Check())
        await beijing.act(Check())
        await beijing.wait_for(lambda v: v["phase_kind"] == "talks")
        await propose_any(beijing)
        await expect(treasury.locator("#act-accept-reason")).to_have_text(
            "Why not: Only the President may accept a deal."
        )
        # (every control of Commerce's talks waits for that one reason: said once for them)
        await expect(commerce.locator("#talks-why")).to_have_text(
            "Why not: Only the President or the Treasury may negotiate deals."
        )
        await treasury.click("#lang-zh")
        await expect(treasury.locator("#act-accept-reason")).to_have_text(
            "原因：只有總統可以接受協議。"
        )
        for page in (commerce, treasury):
            assert page.errors == []  # type: ignore[attr-defined]


async def test_a_team_without_the_final_say_is_told_nobody_holds_it(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    """Two students took Washington's Treasury and Commerce and nobody its President: the game
    began (a side is seated by any role), and the Treasury was told "Only the President may
    fold" and "Only the President may accept it" in a room where no one could."""
    runner, ws_url = await start_server(redis_url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    beijing = BrinkClient(ws_url, "Bo")
    try:
        await beijing.connect()
        created = await beijing.create_room("classroom", timers=False)
        await beijing.join(created.code, "beijing")
        treasury = await seated_page(
            system_chromium, web_url, created.code, "Di", "washington:treasury"
        )
        await beijing.wait_for(lambda v: v["phase_kind"] == "betting")
        await expect(treasury.locator("#act-fold-reason")).to_have_text(
            "Why not: Only the President may fold. Nobody has that seat in this room."
        )
        await treasury.click("#lang-zh")
        await expect(treasury.locator("#act-fold-reason")).to_have_text(
            "原因：只有總統可以棄牌。這個房間沒有人坐這個位子。"
        )
        await treasury.click("#lang-en")
        await treasury.click("#act-check")
        await beijing.act(Check())
        await beijing.wait_for(lambda v: v["phase_kind"] == "talks")
        await propose_any(beijing)
        await expect(treasury.locator("#act-accept-reason")).to_have_text(
            "Why not: Only the President may accept a deal. Nobody has that seat in this room."
        )
        await expect(treasury.locator("#turn-hint")).to_contain_text(
            "Only the President may accept it. Nobody has that seat in this room."
        )
        assert treasury.errors == []  # type: ignore[attr-defined]
    finally:
        await beijing.close()
        await runner.cleanup()
