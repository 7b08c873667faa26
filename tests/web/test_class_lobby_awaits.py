"""A class room's lobby names the rostered student a seat waits for (a real server, Redis and
Chromium). Ada, seated by the class, opened her room before Bo came: the lobby listed "Beijing
empty" and "Waiting for Beijing to join…", as if anyone might take the seat, though the class had
given it to Bo. `class_followed` names the room's seats (`room_seats`): the seat now says "waiting
for Bo" and the line "Waiting for Bo (Beijing) to join…" (等待Bo（北京）加入……). In a team
room each role given and not taken yet says whom it waits for."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class, seated, student_page
from web.snap import snap


def flat(rows: list[str]) -> list[str]:
    return [" ".join(row.split()) for row in rows]


async def test_a_class_lobby_names_the_student_a_seat_waits_for(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made = await make_class(web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\n")
    page, _ = await student_page(system_chromium, web_url, made["code"])
    bo = None
    try:
        await join_as(page, "Ada")
        lobby = page.locator("#lobby")
        await expect(lobby).to_be_visible()
        await expect(lobby.locator(".waiting")).to_have_text("Waiting for Bo (Beijing) to join…")
        rows = flat(await lobby.locator(".seats li").all_inner_texts())
        assert rows == ["Washington Ada (you)", "Beijing waiting for Bo"], rows
        await snap(lobby, shots / "class-lobby-awaits.png")
        await page.click("#lang-zh")
        await expect(lobby.locator(".waiting")).to_have_text("等待Bo（北京）加入……")
        await expect(lobby.locator(".seats li.beijing")).to_contain_text("等待Bo")
        await snap(lobby, shots / "class-lobby-awaits-zh.png")
        await page.click("#lang-en")
        bo = await seated(web_url, made["code"], "Bo")
        await expect(page.locator("#table")).to_be_visible()  # both sides sat: the game is on
        await page.wait_for_function("() => window.brink.state.seats.beijing === 'Bo'")
    finally:
        await page.context.close()
        if bo:
            await bo.close()


async def test_a_class_team_lobby_names_each_role_awaited(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\nCy\nDee\n", team=2
    )
    page, _ = await student_page(system_chromium, web_url, made["code"])
    try:
        await join_as(page, "Ada")
        lobby = page.locator("#lobby")
        await expect(lobby).to_be_visible()
        given = await page.evaluate("window.brink.state.classSeats.names")
        others = {seat: name for seat, name in given.items() if name != "Ada"}
        assert len(others) == 3, given
        rows = flat(await lobby.locator(".seats li").all_inner_texts())
        for seat, name in others.items():
            assert any(row.endswith(f"waiting for {name}") for row in rows), (seat, rows)
        assert not any("empty" in row for row in rows), rows
        beijing = sorted(name for seat, name in others.items() if seat.startswith("beijing"))
        await expect(lobby.locator(".waiting")).to_have_text(
            f"Waiting for {', '.join(beijing)} (Beijing) to join…"
        )
    finally:
        await page.context.close()
