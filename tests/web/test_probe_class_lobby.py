"""The lobby of a class's team room, as a student sees it before the other side arrives: it told
them to "send this link to your opponent" (with the invite link, and a warning about localhost),
and listed "Washington: empty" above "Washington · President: Ada" — their own side, with them
in it. A student seated by the teacher has nobody to invite; a side with a role taken is not
empty. From the table, the way back is to the lobby (there is no invite link to go back to)."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class, student_page


async def test_a_class_student_waiting_in_the_lobby_sees_their_side_and_no_invite(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\nCy\nDee\n", team=2
    )
    page, _ = await student_page(system_chromium, web_url, made["code"])
    try:
        await join_as(page, "Ada")
        await expect(page.locator("#lobby")).to_be_visible()
        await expect(page.locator("#lobby .waiting")).to_contain_text("Beijing")
        await expect(page.locator("#invite-link")).to_have_count(0)
        await expect(page.locator("#lobby")).to_contain_text("Your teacher has seated you")
        rows = await page.locator("#lobby .seats li").all_inner_texts()
        flat = [" ".join(row.split()) for row in rows]
        # the roles the class gave, each waiting for its student (test_class_lobby_awaits.py)
        assert flat == [
            "Washington · President Ada (you)",
            "Washington · Treasury waiting for Bo",
            "Beijing · Leader waiting for Cy",
            "Beijing · Vice Premier waiting for Dee",
        ], flat
        # to the table before the other side comes, and back: to the lobby, not to an invite
        await page.click("#to-table")
        await expect(page.locator("#to-lobby")).to_have_text("Back to the lobby")
        await page.click("#to-lobby")
        await expect(page.locator("#lobby")).to_be_visible()
        await expect(page.locator("#invite-link")).to_have_count(0)
    finally:
        await page.context.close()


async def test_a_stranger_with_a_class_rooms_link_may_only_watch(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    """Its seats were offered on the landing page, and a seat chosen was refused only on
    sitting down (class_seat): the page says whose seats they are, and the stranger watches."""
    made = await make_class(web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\n")
    page, _ = await student_page(system_chromium, web_url, made["code"])
    stranger = await system_chromium.new_page()
    try:
        await join_as(page, "Ada")
        await expect(page.locator("#lobby")).to_be_visible()
        code = await page.evaluate("window.brink.state.room.code")
        await stranger.goto(f"{web_url}/?room={code}")
        await expect(stranger.locator("#join-seat-full")).to_contain_text("seated by the class")
        for seat in ("washington", "beijing"):
            await expect(stranger.locator(f"#join-seat-{seat}")).to_be_disabled()
        await expect(stranger.locator("#join-seat-spectator")).to_be_checked()
        await stranger.fill("#join-name", "Zed")
        await stranger.click("#join-btn")
        await expect(stranger.locator("#table")).to_be_visible()
        assert await stranger.evaluate("window.brink.state.room.role") == "spectator"
    finally:
        await stranger.close()
        await page.context.close()
