"""The new-class form's time estimate judges the fit by the longest game, and gives none for a
limit the form refuses (a real server, Redis and Chromium).

A tester chose *first lesson* (intro) at its default timers: "A game takes about 36 minutes with
these timers (at most 75): it fits a 45-minute period." Then typed 1 in Betting (seconds),
whose minimum is 5: the estimate went on as if it were accepted."""

from __future__ import annotations

from classkit import add_instructor, signed_in
from playwright.async_api import Browser, expect
from web.probekit import teacher_page


async def test_the_estimate_warns_when_the_longest_game_outlasts_the_period(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    page = await teacher_page(system_chromium, web_url, "&new-class=1")
    try:
        box = page.locator("#cs-minutes")
        await page.select_option("#cs-scenario", "intro")
        await expect(box).to_contain_text("may not fit a 45-minute period")
        await expect(box).to_contain_text("may last up to 75")
        await expect(box).to_have_class("help warn")
        await page.fill("#cs-sec-betting", "1")
        await expect(box).to_contain_text("give 5 to 3600 seconds")
        await expect(box).not_to_contain_text("minutes")
        await page.fill("#cs-sec-betting", "5")
        await expect(box).to_contain_text("A game takes about")
    finally:
        await page.context.close()


async def test_the_estimate_says_fits_only_when_the_longest_game_does(
    web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(web_url) as teacher:
        async with teacher.get("/api/class-estimate?scenario=intro") as est:
            found = await est.json()
        assert found["at_most"] > found["period"] >= found["minutes"]
        assert found["fits"] is False and found["fits_typically"] is True
        async with teacher.get("/api/class-estimate?scenario=intro&betting=1") as est:
            assert (await est.json())["seconds"] == {}  # refused: the default counted
