"""A class's student whose seat the class takes away leaves the table. Let in again (and seated
on the device that joined by their name since), or taken out of the class, the old device was
told so by a pushed error (`bad_class_token`, `left_class`) that the page only toasted, in
English, while it went on showing the table as if still seated. It now leaves the table for a
screen saying why, in the class's language, with the way back to the class's join page."""

from __future__ import annotations

from pathlib import Path

from classkit import session_cookie, signed_in
from playwright.async_api import Browser, expect
from web.probekit import join_as, make_class, seated, student_page, teacher_page

from client.connection import BrinkClient


async def test_let_in_again_takes_the_old_device_off_the_table(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made = await make_class(web_url, redis_url, roster_text="Ada Lovelace\nBo Li\n")
    code = made["code"]
    page, _ = await student_page(system_chromium, web_url, code)
    try:
        await join_as(page, "Ada Lovelace")
        async with (
            await signed_in(web_url) as teacher,
            teacher.post(f"/api/classes/{code}/students/s1/let-in") as r,
        ):
            assert r.status == 200, await r.text()
        again = await seated(web_url, code, "Ada Lovelace")  # Ada, on her own device
        try:
            await expect(page.locator("#gone-h")).to_have_text(
                "Your seat is now played from another device"
            )
            await expect(page.locator("#table")).to_be_hidden()
            await expect(page.locator("#lobby")).to_be_hidden()
            assert await page.evaluate("window.brink.state.room") is None
            await expect(page.locator("#gone-back")).to_have_attribute("href", f"/?class={code}")
            await page.screenshot(path=shots / "class-seat-gone-en.png")
            # the way back asks for the name afresh (the old class token holds no place)
            await page.click("#gone-back")
            await expect(page.locator("#class-name")).to_be_visible()
            await expect(page.locator("#class-join-error")).to_have_count(0)
        finally:
            await again.close()
    finally:
        await page.context.close()


async def test_a_student_taken_out_of_the_class_is_told_so_in_chinese(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    made = await make_class(web_url, redis_url, roster_text="小明\n小華\n", language="zh")
    code = made["code"]
    page, _ = await student_page(system_chromium, web_url, code)
    try:
        await join_as(page, "小明")
        async with (
            await signed_in(web_url) as teacher,
            teacher.delete(f"/api/classes/{code}/students/s1") as r,
        ):
            assert r.status == 200, await r.text()
        await expect(page.locator("#gone-h")).to_have_text("你已被移出課堂")
        await expect(page.locator("#gone-why")).to_contain_text("老師已將你移出課堂：")
        await expect(page.locator("#gone-back")).to_have_text("回到課堂的加入頁面")
        await expect(page.locator("#table")).to_be_hidden()
        await expect(page.locator("#lobby")).to_be_hidden()
        await expect(page.locator("#toast")).not_to_contain_text("teacher")  # no English
        await page.screenshot(path=shots / "class-seat-gone-zh.png")
    finally:
        await page.context.close()


async def test_a_student_whose_seat_the_teacher_gives_away_waits_in_the_class_and_is_moved_back(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    """The room's Controls gave a class student's seat to someone else: the page was sent to the
    landing page, out of the class, so a Move back reached it no more. It now says so and waits
    in the class (seated nowhere) until the teacher moves the student; the one given the seat is
    then put out and told. The dashboard's students list kept the student in the seat and did
    not name its holder: it lists them seated nowhere, and the holder after the students."""
    made = await make_class(web_url, redis_url, roster_text="Ada Lovelace\nBo Li\n")
    code, room = made["code"], made["rooms"][0]
    page, _ = await student_page(system_chromium, web_url, code)
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    try:
        await join_as(page, "Ada Lovelace")
        await expect(page.locator("#room-badge")).to_contain_text("Washington")
        bo = await seated(web_url, code, "Bo Li")
        async with (
            await signed_in(web_url) as teacher,
            BrinkClient(ws_url, "Ms Li", headers={"Cookie": session_cookie(teacher)}) as ctl,
        ):
            done = await ctl.control("reassign", room, seat="washington", name="Ivy Lee")
            token = done.results[0].token
            assert token is not None
            await expect(page.locator("#toast")).to_have_text(
                "The instructor gave your seat to another player."
            )
            await expect(page.locator("#classjoin")).to_contain_text(
                "Waiting for your teacher to seat you"
            )
            await page.screenshot(path=shots / "class-seat-given-waits.png")
            async with BrinkClient(ws_url, "Ivy Lee", record=True) as ivy:
                await ivy.resume(room, token)
                # the dashboard's students list: Ada seated nowhere, Ivy in the seat
                dash = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
                rows = dash.locator(".cl-students tbody tr")
                await expect(rows.filter(has_text="Ada Lovelace")).to_contain_text("—")
                await expect(rows.filter(has_text="Ivy Lee")).to_contain_text(
                    "given the seat (not on the roster)Room 1 · Washington"
                )
                await dash.locator(".cl-students").screenshot(path=shots / "class-guest-row.png")
                body = {"student": "s1", "room": room, "seat": "washington"}
                async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                    assert moved.status == 200, await moved.text()
                await expect(page.locator("#room-badge")).to_contain_text("Washington")
                await expect(page.locator("#log")).to_contain_text(
                    "ms_li gives the seat Washington to Ada Lovelace."
                )
                socket = ivy._socket
                assert socket is not None
                await socket.wait_closed()
                await expect(rows.filter(has_text="Ivy Lee")).to_have_count(0)
                await expect(rows.filter(has_text="Ada Lovelace")).to_contain_text(
                    "Room 1 · Washington"
                )
                await dash.context.close()
        await bo.close()
    finally:
        await page.context.close()
