"""What a first trial as a teacher and as players found (issue 13, item 8), each in a browser:
real Chromium, a real server and Redis."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest
from aiohttp import web
from playwright.async_api import Browser, expect
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
    await teacher.screenshot(path=shots / "20-invite-addresses.png")
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
