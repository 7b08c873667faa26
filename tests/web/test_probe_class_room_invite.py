"""A class's room opened all-seeing from the class dashboard, as a fresh user met it: the page
showed an "Invite link" beside the table, and anyone who used it to sit down was refused
`class_seat` (a class's rooms are seated by the class). `joined` did not say the room was a
class's; it does now (`in_class`, protocol §5), and the page shows a note instead of the link.
(A room of nobody's class keeps its link: tests/web/test_first_trial_teacher.py.)"""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page
from web.snap import snap

from client.connection import BrinkClient


async def test_a_class_room_opened_all_seeing_offers_no_invite_link(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada\nBo\n", timers=False)
    room = made["rooms"][0]
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    anyone = BrinkClient(ws_url, "Eve")
    await anyone.connect()
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        watching = await anyone.join(room)  # a spectator: watching a class's room is open
        assert watching.in_class is True
        other = await anyone.create_room("intro")
        elsewhere = BrinkClient(ws_url, "Fay")
        await elsewhere.connect()
        try:
            assert (await elsewhere.join(other.code)).in_class is False
        finally:
            await elsewhere.close()

        # the dashboard's "Open all-seeing" opens the room in a new tab
        async with page.context.expect_page() as opened:
            await page.click(f"#open-{room}")
        table = await opened.value
        await table.wait_for_function(
            "() => window.brink?.state.room?.role === 'instructor' && window.brink.state.view"
        )
        await expect(table.locator("#class-room-note")).to_contain_text("class code")
        await expect(table.locator("#invite-link")).to_have_count(0)
        await snap(table.locator(".teacher-tools"), str(shots / "class-room-note.png"))
        await table.screenshot(path=str(shots / "class-room-all-seeing-note.png"))

    finally:
        await anyone.close()
        await page.context.close()
