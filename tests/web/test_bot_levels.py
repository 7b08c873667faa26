"""The landing page offers the planner at three levels and says how long each scenario takes;
a game against the strong planner starts and the planner answers (a real browser, server and
Redis)."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect

LEVELS = ["planner_easy", "planner", "planner_strong"]


async def test_the_planner_levels_are_offered_and_the_strong_one_plays(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    context = await system_chromium.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(web_url)
    offered = await page.locator("#bot-kind option").evaluate_all("os => os.map(o => o.value)")
    assert [bot for bot in offered if bot.startswith("planner")] == LEVELS
    strong = page.locator("#bot-kind option[value=planner_strong]")
    await expect(strong).to_have_text("Planner (strong)")
    # The scenario list says how long a game takes (server/game/duration.py): under the box,
    # for the scenario chosen (in the box, a name with its length was cut off), and in each
    # choice's tooltip.
    classroom = page.locator("#bot-scenario option[value=classroom]")
    await expect(classroom).to_have_attribute("title", "4 hands, ~25 min, at most 37")
    length = page.locator("#bot-scenario-length")
    await expect(length).not_to_have_text("4 hands, ~25 min, at most 37")  # intro's
    await page.fill("#bot-name", "Ada")
    await page.select_option("#bot-scenario", "classroom")
    await expect(length).to_have_text("4 hands, ~25 min, at most 37")
    await expect(page.locator("#bot-scenario")).to_have_attribute(
        "aria-describedby", "bot-scenario-length"
    )
    assert "(" not in (await classroom.text_content() or "")
    await page.select_option("#bot-kind", "planner_strong")
    await page.check("#bot-seat-washington")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    # Simultaneous betting: we check; the planner has chosen too once the hand moves on.
    await page.click("#act-check:enabled", timeout=30_000)
    # A function, not an expression: polling an expression would need eval, which the CSP forbids.
    await page.wait_for_function("() => window.brink.state.view.phase === 'talks'", timeout=30_000)
    await page.screenshot(path=shots / "bot-strong-classroom.png")
    assert errors == []
    await context.close()
