"""A team role's log tells its side's secret choice as the side's, and names the teammate's role
that made it: "Your side (President — Ada) chose in secret: Check." (it said "You chose in
secret", to every member of the team, whoever chose). A side played by one seat still reads
"You chose…"."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from web.snap import snap
from web.test_banner_roles import team_table

from server.engine.commands import Check


async def test_a_teammates_secret_choice_is_told_as_the_sides(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    async with team_table(system_chromium, redis_url, tmp_path, "treasury") as table:
        president, _, (page,) = table
        # the first turn of the betting is chosen by both sides at once, in secret
        await president.wait_for(lambda v: v["phase_kind"] == "betting")
        await president.act(Check())  # the President chooses for Washington
        line = page.locator("#log li", has_text="in secret")
        await expect(line).to_have_text("Your side (President — Ada) chose in secret: Check.")
        await page.click("#lang-zh")
        await expect(page.locator("#log li", has_text="秘密選擇")).to_have_text(
            "你方（總統——Ada）已秘密選擇：過牌。"
        )
        await snap(page.locator("#log"), shots / "team-secret-choice-zh.png")
