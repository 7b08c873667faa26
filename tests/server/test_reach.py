"""Where students reach the server: `brink serve` prints the machine's addresses, and
`GET /api/server` gives them to a page opened on this machine (for invite links)."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import psutil  # type: ignore[import-untyped]
import pytest
from aiohttp import web
from serverkit import READY, serve_command

from server.settings import Settings
from server.web.app import create_app
from server.web.reach import machine_addresses


def network_addresses(version: int | None = None) -> list[str]:
    """This machine's addresses other machines may reach, as psutil (not the server) sees them."""
    found = []
    for addresses in psutil.net_if_addrs().values():
        for item in addresses:
            if item.family not in (socket.AF_INET, socket.AF_INET6):
                continue
            address = ipaddress.ip_address(item.address.split("%")[0])
            if address.is_loopback or address.is_link_local or address.is_multicast:
                continue
            if version is None or address.version == version:
                found.append(f"[{address}]" if address.version == 6 else str(address))
    return found


def test_the_addresses_are_read_from_every_interface(tmp_path: Path) -> None:
    (tmp_path / "fib_trie").write_text(
        "Local:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 127.0.0.1\n        /32 host LOCAL\n"
        "     |-- 10.1.2.3\n        /32 host LOCAL\n     |-- 10.1.2.255\n"
        "        /32 link BROADCAST\n     |-- 192.168.7.20\n        /32 host LOCAL\n"
    )
    (tmp_path / "if_inet6").write_text(
        "fe8000000000000000fc00fffe000001 04 40 20 80     eth0\n"
        "fd000000000000000000000000000abc 04 40 00 82     eth0\n"
        "00000000000000000000000000000001 01 80 10 80       lo\n"
    )
    found = [str(a) for a in machine_addresses(tmp_path)]
    for expected in ("10.1.2.3", "192.168.7.20", "fd00::abc"):
        assert expected in found
    for left_out in ("127.0.0.1", "10.1.2.255", "::1", "fe80::fc:ff:fe00:1"):
        assert left_out not in found
    assert found.index("192.168.7.20") < found.index("fd00::abc"), "IPv4 first"


async def test_brink_serve_on_every_address_prints_the_machines_addresses(
    redis_url: str, tmp_path: Path
) -> None:
    expected = network_addresses(4)
    if not expected:
        pytest.skip("this machine has no network address but loopback")
    command = serve_command("--host", "0.0.0.0", "--redis", redis_url, "--data-dir", str(tmp_path))
    process = await asyncio.create_subprocess_exec(
        *command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ}
    )
    assert process.stdout is not None
    try:
        printed, port = "", 0
        async with asyncio.timeout(60):  # a bound on a loaded machine: it timed nothing
            while not port or not printed.endswith(f":{port}/\n"):
                line = (await process.stdout.readline()).decode()
                assert line, "brink serve stopped"
                printed += line
                if found := READY.search(printed):
                    port = int(found[1])  # the one it bound (--port 0)
    finally:
        process.terminate()
        await process.wait()
    assert f"open http://localhost:{port}/" in printed
    for address in expected:
        assert f"http://{address}:{port}/" in printed, printed


def test_a_server_on_loopback_says_how_to_let_others_in() -> None:
    from server.web.serve import ready_text

    text = ready_text("127.0.0.1", 8080)
    assert "http://localhost:8080/" in text and "--host 0.0.0.0" in text


@pytest.fixture
async def on_every_address(redis_url: str, tmp_path: Path) -> AsyncIterator[int]:
    """A server listening on 0.0.0.0 (as `brink serve --host 0.0.0.0`); its port."""
    settings = Settings(redis_url=redis_url, host="0.0.0.0", port=0, data_dir=tmp_path)
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    site = web.TCPSite(runner, "0.0.0.0", 0)
    await site.start()
    yield site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    await runner.cleanup()


async def server_info(host: str, port: int, **headers: str) -> dict[str, object]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://{host}:{port}/api/server", headers=headers) as response,
    ):
        assert response.status == 200
        found: dict[str, object] = await response.json()
        return found


async def test_a_page_on_this_machine_is_told_the_addresses(on_every_address: int) -> None:
    port = on_every_address
    expected = [f"http://{address}:{port}/" for address in network_addresses(4)]
    info = await server_info("127.0.0.1", port)
    assert info == {"addresses": expected, "local_only": False}
    # a request a proxy forwarded, or one from another address, is not told them
    forwarded = await server_info("127.0.0.1", port, **{"X-Forwarded-For": "203.0.113.9"})
    assert forwarded["addresses"] == []
    if expected:
        outside = network_addresses(4)[0]
        assert (await server_info(outside, port))["addresses"] == []


async def test_a_server_on_loopback_says_it_is_local_only(server_url: str) -> None:
    port = int(server_url.rsplit(":", 1)[1].split("/")[0])
    assert await server_info("127.0.0.1", port) == {"addresses": [], "local_only": True}
