"""A class's room offers, under Controls, only the seats the class's teams have (a real server,
Redis and Chromium). In a class of teams of two, a room's "Give the seat to them" offered each
side whole, its two roles and a third role (Commerce, the Ministry of Commerce) that no team of
the class has: a teacher putting a student into the empty Treasury seat had five wrong choices
out of eight. The dashboard's Controls and the room opened all-seeing from it now offer the
four seats of the class's teams."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, Page, expect
from web.probekit import make_class, teacher_page

TEAM_SEATS = [
    "Washington · President",
    "Washington · Treasury",
    "Beijing · Leader",
    "Beijing · Vice Premier",
]


async def _offered(page: Page, where: str) -> list[str]:
    seats = page.locator(f"{where} .ctl-seats select").first
    await expect(seats.locator("option")).to_have_count(len(TEAM_SEATS))
    labels: list[str] = await seats.evaluate("e => [...e.options].map((o) => o.text)")
    return labels


async def test_a_team_class_s_room_controls_offer_only_its_teams_seats(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\nCy\nDee\n", team=2
    )
    room = made["rooms"][0]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        await page.click(f"#ctl-{room} summary")
        assert await _offered(page, f"#controls-{room}") == TEAM_SEATS

        async with page.context.expect_page() as opening:
            await page.click(f"#open-{room}")
        table = await opening.value
        assert await _offered(table, "#room-controls") == TEAM_SEATS
    finally:
        await page.context.close()


async def test_a_one_to_one_class_s_room_controls_offer_the_two_sides(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\n"
    )
    room = made["rooms"][0]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        await page.click(f"#ctl-{room} summary")
        seats = page.locator(f"#controls-{room} .ctl-seats select option")
        await expect(seats).to_have_text(["Washington", "Beijing"])
    finally:
        await page.context.close()
