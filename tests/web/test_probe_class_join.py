"""A student joining a class in the browser follows the class once: the page opened its socket
only when the student joined, and its welcome used to follow the class a second time, so the
seat was resumed twice and the second was refused ("this connection is already in a room or a
queue", in English, on every student's screen). A reload did the same."""

from __future__ import annotations

from playwright.async_api import Browser
from web.probekit import Frames, join_as, make_class, student_page


def refusals(frames: Frames) -> list[str]:
    return [m.get("code", "") for m in frames.errors()]


async def test_a_student_joining_and_reloading_follows_the_class_once(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    page, frames = await student_page(system_chromium, web_url, made["code"])
    try:
        await join_as(page, "ada")
        await frames.settled()
        assert len(frames.of_type("follow_class")) == 1, frames.sent
        assert len(frames.of_type("resume")) == 1, frames.sent
        assert refusals(frames) == []
        assert await page.locator("#toast").inner_text() == ""

        # a reload finds the seat again (the class token is kept), once
        sent = len(frames.sent)
        await page.reload()
        await page.wait_for_function("() => window.brink.state.view !== null")
        await frames.settled()
        again = frames.sent[sent:]
        assert [m["type"] for m in again].count("follow_class") == 1, again
        assert [m["type"] for m in again].count("resume") == 1, again
        assert refusals(frames) == []
        assert await page.evaluate("window.brink.state.room.seat") == "washington"
    finally:
        await page.context.close()
