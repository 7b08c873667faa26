"""A player's Seats list after the instructor gives the other side's seat on, and the page is
opened again before the new holder sits down. Live it said "Cy · not sat down yet"; reloaded, it
said "Cy · away", as if Cy had come and gone (the server kept nothing telling the two apart: the
old holder's connection had closed). It now says "not sat down yet" after a reload too (the
`joined` message's `given`), and "away" once Cy has come and gone.

A real server, Redis and Chromium; the instructor, Bo and Cy are Python clients."""

from __future__ import annotations

from pathlib import Path

from controlkit import control, teacher_headers
from playwright.async_api import Browser, Page, expect
from web.snap import snap
from web.test_browser import join_room, open_page, page_errors

from client.connection import BrinkClient


async def reloaded(page: Page) -> None:
    """Open the page again (its seat resumed) with its Seats list unfolded."""
    await page.reload()
    await expect(page.locator("#table")).to_be_visible()
    await page.click(".seatlist summary")


async def test_a_seat_given_on_is_not_sat_down_yet_after_a_reload(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    headers = await teacher_headers(ws_url, redis_url)
    async with (
        BrinkClient(ws_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(ws_url, "Bo") as bo,
    ):
        room = await teacher.create_room("intro", timers=False)
        await bo.join(room.code, "beijing")
        _, page = await open_page(system_chromium)
        await join_room(page, web_url, room.code, "Ada", "washington")
        await page.click(".seatlist summary")
        beijing = page.locator("#mine .seats li.beijing .seat-holder")
        await expect(beijing).to_have_text("Bo")
        done = await control(teacher, "reassign", room.code, seat="beijing", name="Cy")
        await expect(beijing).to_have_text("Cy · not sat down yet")
        # Bo's socket closed: the seat has no connection (`away` in presence) — and the page
        # opened again still says whom it waits for, and the banner says it too
        socket = bo._socket
        assert socket is not None
        await socket.wait_closed()
        await reloaded(page)
        await expect(beijing).to_have_text("Cy · not sat down yet")
        await expect(page.locator("#given-note")).to_have_text(
            "The instructor gave Beijing's seat to Cy, who has not sat down yet."
        )
        await snap(page.locator("#mine"), shots / "seat-given-reloaded.png")
        # Cy sits down, then goes: away, and away after a reload (Cy came and went)
        async with BrinkClient(ws_url, "Cy") as cy:
            await cy.resume(room.code, done.results[0].token or "")
            await expect(beijing).to_have_text("Cy")
            await expect(page.locator("#given-note")).to_have_count(0)
        await expect(beijing).to_have_text("Cy · away")
        await reloaded(page)
        await expect(beijing).to_have_text("Cy · away")
        assert page_errors(page) == []
