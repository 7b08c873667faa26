"""The all-seeing view's Seats list after a seat is given on. When the instructor gave Beijing's
seat to Cy, the list went on naming its old holder, "Bo · away", until Cy sat down; it now names
Cy, "not sat down yet" (as the banner says it), and Cy once there. And a page opened again (a
reload) said every holder was there: one whose connection was lost read "Bo", not "Bo · away"
(the presence the server sent was wiped as the page set up its game).

A real server, Redis and Chromium; the players are Python clients."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from classkit import add_instructor
from clientkit import until
from playwright.async_api import Browser, Page, expect
from web.probekit import teacher_page
from web.snap import snap
from web.test_browser import page_errors

from client.connection import BrinkClient


async def all_seeing(teacher: Page, web_url: str, code: str, key: str) -> None:
    """`teacher`'s page joins room `code` as its instructor, its errors kept (`page_errors`)."""
    errors: list[str] = []
    teacher.on("pageerror", lambda error: errors.append(str(error)))
    teacher.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    teacher.errors = errors  # type: ignore[attr-defined]
    await teacher.goto(f"{web_url}/?room={code}")
    await teacher.click("details.teacher summary")
    await teacher.fill("#join-key", key)
    await teacher.click("#join-btn")
    await expect(teacher.locator("#mine ul.seats")).to_be_visible()


async def test_a_seat_given_on_is_listed_with_its_new_holder(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    await add_instructor(redis_url)
    teacher = await teacher_page(system_chromium, web_url)
    context = teacher.context
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in await context.cookies())
    try:
        async with (
            BrinkClient(ws_url, "Ms Li", headers={"Cookie": cookie}) as maker,
            BrinkClient(ws_url, "Ada") as ada,
            BrinkClient(ws_url, "Bo") as bo,
            BrinkClient(ws_url, "Cy") as cy,
        ):
            room = await maker.create_room("intro", timers=False)
            await ada.join(room.code, "washington")
            await bo.join(room.code, "beijing")
            await all_seeing(teacher, web_url, room.code, room.instructor_key)
            beijing = teacher.locator("#mine ul.seats li.beijing .seat-holder")
            await expect(beijing).to_have_text("Bo")
            await teacher.select_option("#ctl1-seat", "beijing")
            await teacher.fill("#ctl1-holder", "Cy")
            await teacher.click("#ctl1-reassign")
            await expect(teacher.locator("#log")).to_contain_text("the seat Beijing to Cy.")
            await expect(beijing).to_have_text("Cy · not sat down yet")
            # Bo's socket closed (4001): the seat's presence is away; the page, told so before
            # the chat line after it, still says whom the seat waits for
            await until(
                lambda: any(p.seat == "beijing" and p.status == "away" for p in ada.presence)
            )
            await ada.chat("after Bo")
            await expect(teacher.locator("#log")).to_contain_text("after Bo")
            await expect(beijing).to_have_text("Cy · not sat down yet")
            await snap(teacher.locator("#mine ul.seats"), shots / "seats-given.png")
            await teacher.click("#lang-zh")
            await expect(beijing).to_have_text("Cy · 尚未入座")
            await teacher.click("#lang-en")
            link = await teacher.locator("#ctl1-link").input_value()
            token = parse_qs(urlsplit(link).fragment)["token"][0]
            await cy.resume(room.code, token)
            await expect(beijing).to_have_text("Cy")
            assert page_errors(teacher) == []
    finally:
        await context.close()


async def test_a_page_opened_again_lists_a_holder_away_as_away(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    await add_instructor(redis_url)
    teacher = await teacher_page(system_chromium, web_url)
    context = teacher.context
    try:
        async with BrinkClient(ws_url, "Ada") as ada, BrinkClient(ws_url, "Ms Li") as maker:
            room = await maker.create_room("intro", timers=False)
            await ada.join(room.code, "washington")
            bo = BrinkClient(ws_url, "Bo")
            async with bo:
                await bo.join(room.code, "beijing")
                await all_seeing(teacher, web_url, room.code, room.instructor_key)
                beijing = teacher.locator("#mine ul.seats li.beijing .seat-holder")
                await expect(beijing).to_have_text("Bo")
            # Bo's connection is gone: away, here and once the page is opened again
            await until(
                lambda: any(p.seat == "beijing" and p.status == "away" for p in ada.presence)
            )
            await expect(beijing).to_have_text("Bo · away")
            await teacher.reload()
            await expect(teacher.locator("#mine ul.seats li.washington .seat-holder")).to_have_text(
                "Ada"
            )
            await expect(beijing).to_have_text("Bo · away")
            assert page_errors(teacher) == []
    finally:
        await context.close()
