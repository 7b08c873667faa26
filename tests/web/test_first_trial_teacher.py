"""What a first trial as a teacher found (issue 13, item 8), each in a browser: real Chromium,
a real server and Redis. Invite links, creating a room without sitting, the instructor key, Leave,
the join form's seats, the scenario's timings, the all-seeing view."""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest
from aiohttp import web
from playwright.async_api import Browser, WebSocket, expect
from web.test_browser import open_page, page_errors

from server.settings import Settings
from server.web.app import create_app


def ipv4_addresses() -> list[str]:
    found = []
    for addresses in psutil.net_if_addrs().values():
        for item in addresses:
            if item.family == socket.AF_INET and not ipaddress.ip_address(item.address).is_loopback:
                found.append(item.address)
    return found


@pytest.fixture
async def everywhere(redis_url: str, tmp_path: Path) -> AsyncIterator[int]:
    """A server listening on every address, IPv4 and IPv6 (`brink serve --host ''`); its port."""
    settings = Settings(redis_url=redis_url, host="", port=0, data_dir=tmp_path, bot_delay=0.05)
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    site = web.TCPSite(runner, "0.0.0.0", 0)
    await site.start()
    port: int = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    await web.TCPSite(runner, "::", port).start()
    yield port
    await runner.cleanup()


async def test_invite_links_use_an_address_students_reach(
    system_chromium: Browser, everywhere: int, shots: Path
) -> None:
    addresses = ipv4_addresses()
    if not addresses:
        pytest.skip("this machine has no network address but loopback")
    port = everywhere
    # the teacher opens the page on the server's own machine, as localhost
    _, teacher = await open_page(system_chromium)
    await teacher.goto(f"http://[::1]:{port}/")
    await teacher.fill("#create-name", "Ada")
    await teacher.uncheck("#create-timers")
    await teacher.click("#create-btn")
    await expect(teacher.locator("#lobby")).to_be_visible()
    code = await teacher.evaluate("window.brink.state.room.code")
    first = f"http://{addresses[0]}:{port}/"
    await expect(teacher.locator("#invite-link")).to_have_value(f"{first}?room={code}")
    # IPv4 and IPv6: a choice of address, remembered
    choices = await teacher.locator("#invite-base option").all_inner_texts()
    assert first in choices and any("[" in choice for choice in choices), choices
    ipv6 = next(choice for choice in choices if "[" in choice)
    await teacher.select_option("#invite-base", ipv6)
    await expect(teacher.locator("#invite-link")).to_have_value(f"{ipv6}?room={code}")
    await teacher.screenshot(path=shots / "trial-invite-addresses.png")
    await teacher.click("#lang-zh")  # drawn again: the choice stays
    await expect(teacher.locator("#invite-link")).to_have_value(f"{ipv6}?room={code}")
    assert await teacher.evaluate("localStorage.getItem('brink.inviteBase')") == ipv6

    # a student follows the link (the server's network address) and sits down
    _, student = await open_page(system_chromium)
    await student.goto(f"{first}?room={code}")
    await student.fill("#join-name", "Bo")
    await student.check("#join-seat-beijing")
    await student.click("#join-btn")
    await expect(student.locator("#table")).to_be_visible()
    await expect(teacher.locator("#table")).to_be_visible()
    # a page opened at a network address invites with its own address
    assert (
        await student.evaluate("import('/static/invite.js').then(m => m.inviteUrl('ABC234'))")
        == f"{first}?room=ABC234"
    )
    # (Chromium ignores, and says so, the opener policy of a page served over http at an address
    # other than localhost: harmless)
    assert page_errors(teacher) == []
    assert [e for e in page_errors(student) if "Cross-Origin-Opener-Policy" not in e] == []


async def test_the_teacher_creates_without_sitting_and_a_reload_keeps_the_room(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    context, teacher = await open_page(system_chromium)
    await context.grant_permissions(["clipboard-read", "clipboard-write"])
    await teacher.goto(web_url)
    await teacher.fill("#create-name", "Prof")
    await teacher.check("#create-seat-instructor")
    await teacher.click("#create-btn")
    # the teacher sits nowhere: the all-seeing view, with the link and the key in plain sight
    await expect(teacher.locator("#room-badge")).to_contain_text("Teacher")
    await expect(teacher.locator("#table")).to_be_visible()
    code = await teacher.evaluate("window.brink.state.room.code")
    key = await teacher.inner_text("#instructor-key")
    assert len(key) > 20
    await expect(teacher.locator("#invite-link")).to_have_value(f"{web_url}/?room={code}")
    await teacher.click("#copy-key")
    await expect(teacher.locator("#copy-key")).to_have_text("Copied!")
    assert await teacher.evaluate("navigator.clipboard.readText()") == key
    assert await teacher.evaluate("window.brink.state.seats") == {
        "washington": None,
        "beijing": None,
    }
    await teacher.screenshot(path=shots / "trial-teacher-room.png")
    # a reload comes back to the room, all-seeing, with the key
    await teacher.reload()
    await expect(teacher.locator("#room-badge")).to_contain_text(f"{code} · Teacher")
    await expect(teacher.locator("#instructor-key")).to_have_text(key)
    await expect(teacher.locator("#log")).to_contain_text("Hand 1 of 3")
    assert page_errors(teacher) == []


async def test_leave_gives_the_seat_to_the_next_student(
    system_chromium: Browser, web_url: str
) -> None:
    _, ada = await open_page(system_chromium)
    await ada.goto(web_url)
    await ada.fill("#create-name", "Ada")
    await ada.uncheck("#create-timers")
    await ada.check("#create-seat-washington")
    await ada.click("#create-btn")
    await expect(ada.locator("#lobby")).to_be_visible()
    code = await ada.evaluate("window.brink.state.room.code")
    _, sam = await open_page(system_chromium)  # watching who sits where
    await sam.goto(f"{web_url}/?room={code}")
    await sam.check("#join-seat-spectator")
    await sam.click("#join-btn")
    await expect(sam.locator(".seat.washington .seat-holder")).to_contain_text("Ada")
    await ada.click("#leave")
    await expect(ada.locator("#landing")).to_be_visible()
    await expect(sam.locator(".seat.washington .seat-holder")).to_contain_text("empty")
    # the next student finds Washington free and takes it
    _, cy = await open_page(system_chromium)
    await cy.goto(f"{web_url}/?room={code}")
    await cy.fill("#join-name", "Cy")
    await cy.check("#join-seat-washington")
    await cy.click("#join-btn")
    await expect(cy.locator("#room-badge")).to_contain_text("Washington")
    await expect(sam.locator(".seat.washington .seat-holder")).to_contain_text("Cy")
    for page in (ada, sam, cy):
        assert page_errors(page) == []


async def test_an_invite_link_chooses_the_free_seat_or_says_there_is_none(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, ada = await open_page(system_chromium)
    await ada.goto(web_url)
    await ada.fill("#create-name", "Ada")
    await ada.uncheck("#create-timers")
    await ada.click("#create-btn")  # Washington, the first free seat
    await expect(ada.locator("#lobby")).to_be_visible()
    code = await ada.evaluate("window.brink.state.room.code")
    # Washington is taken: the link chooses Beijing
    _, bo = await open_page(system_chromium)
    await bo.goto(f"{web_url}/?room={code}")
    await expect(bo.locator("#join-seat-washington")).to_be_disabled()
    await expect(bo.locator("#join-seat-beijing")).to_be_checked()
    await bo.fill("#join-name", "Bo")
    await bo.click("#join-btn")
    await expect(bo.locator("#room-badge")).to_contain_text("Beijing")
    # both taken: it says so, and offers to watch
    _, cy = await open_page(system_chromium)
    await cy.goto(f"{web_url}/?room={code}")
    await expect(cy.locator("#join-seat-full")).to_have_text(
        "Every seat in this room is taken: you can watch the game."
    )
    await expect(cy.locator("#join-seat-spectator")).to_be_checked()
    await cy.screenshot(path=shots / "trial-room-full.png", full_page=True)
    await cy.click("#join-btn")
    await expect(cy.locator("#room-badge")).to_contain_text("Watch")
    for page in (ada, bo, cy):
        assert page_errors(page) == []


async def test_the_create_form_keeps_the_scenarios_own_timings(
    system_chromium: Browser, web_url: str
) -> None:
    _, page = await open_page(system_chromium)
    sent: list[dict[str, object]] = []

    def watch(ws: WebSocket) -> None:
        ws.on("framesent", lambda frame: sent.append(json.loads(frame)))

    page.on("websocket", watch)
    await page.goto(web_url)
    # the fields show the scenario's own time limits, and follow the scenario chosen
    await page.select_option("#create-scenario", "intro")
    await expect(page.locator("#create-sec-betting")).to_have_value("90")
    await expect(page.locator("#create-sec-talks")).to_have_value("120")
    await page.select_option("#create-scenario", "classroom")
    # rules/classroom.yaml: 90 s to bet (a team agrees on its cards), 75 s of talks
    await expect(page.locator("#create-sec-betting")).to_have_value("90")
    await expect(page.locator("#create-sec-talks")).to_have_value("75")
    await page.click("#create-btn")
    await expect(page.locator("#lobby")).to_be_visible()
    created = [m for m in sent if m.get("type") == "create_room"]
    assert created and "seconds" not in created[0], created  # nothing overrides them
    # a time the user changes is sent, and only that one
    await page.click("#leave")
    await page.select_option("#create-scenario", "classroom")
    await page.fill("#create-sec-talks", "45")
    await page.click("#create-btn")
    await expect(page.locator("#lobby")).to_be_visible()
    created = [m for m in sent if m.get("type") == "create_room"]
    assert created[-1]["seconds"] == {"talks": 45}
    assert page_errors(page) == []


async def test_the_all_seeing_view_shows_both_sides_secrets(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, teacher = await open_page(system_chromium)
    await teacher.goto(web_url)
    await teacher.fill("#create-name", "Prof")
    await teacher.check("#create-seat-instructor")
    await teacher.click("#create-btn")
    await expect(teacher.locator("#table")).to_be_visible()
    view = await teacher.evaluate("window.brink.state.view")
    rules = await teacher.evaluate("window.brink.state.rules")
    for side, title in (("washington", "Washington"), ("beijing", "Beijing")):
        secrets = teacher.locator(f"#secrets-{side}")
        await expect(secrets).to_contain_text(f"{title}'s private stockpiles")
        for variable in view["sides"][side]["private"]:
            await expect(secrets).to_contain_text(rules["variables"][variable]["name"]["en"])
        objective = rules["objectiveById"][view["sides"][side]["objective"]]
        await expect(secrets).to_contain_text(f"{title}'s secret objective")
        await expect(secrets).to_contain_text(objective["name"]["en"])
    await expect(teacher.locator("#viewer-note")).to_have_text(
        "All-seeing: you see both hands, both sides' stockpiles and objectives, and both teams'"
        " chats."
    )
    await expect(teacher.locator("#board")).not_to_contain_text("you see only what is public")
    await teacher.screenshot(path=shots / "trial-all-seeing.png", full_page=True)
    # a spectator still sees only what is public, and is told so
    _, sam = await open_page(system_chromium)
    code = await teacher.evaluate("window.brink.state.room.code")
    await sam.goto(f"{web_url}/?room={code}")
    await sam.check("#join-seat-spectator")
    await sam.click("#join-btn")
    await expect(sam.locator("#viewer-note")).to_have_text(
        "Spectator: you see only what is public."
    )
    await expect(sam.locator("#secrets-washington")).to_have_count(0)
    assert page_errors(teacher) == [] and page_errors(sam) == []
