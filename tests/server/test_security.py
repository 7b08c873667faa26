"""Security at the edge, against real servers on the real Redis (docs/security.md): headers on
every response, who may read /metrics, which pages may open a websocket (DNS rebinding), the
limits on new rooms and open sockets per client address, and what never leaves the server:
tokens and instructor keys are long, random, stored hashed, never logged, and open one room only.

Here: headers, /metrics and websocket origins. The limits on new rooms and open sockets:
test_security_limits.py; tokens and keys: test_security_secrets.py; what they share:
tests/securitykit.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import websockets
from aiohttp import web
from securitykit import HELLO, http, port_of
from serverkit import Start
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from server.settings import Settings
from server.web.app import create_app
from server.web.security import HEADERS, content_security_policy


async def handshake_status(url: str, host: str, origin: str | None) -> int:
    """Send a websocket handshake with this Host and Origin; return the HTTP status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(url))
    lines = [
        "GET /ws HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()
    return int(status.split()[1])


def lan_address() -> str | None:
    """Return this machine's address on its network (not loopback), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            return None
        address: str = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.fixture
async def lan_server(redis_url: str, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    """A server listening on this machine's network address (as with `--host 0.0.0.0`, its
    clients are not loopback peers); yields (address, ws:// URL). The metrics token is `sesame`."""
    address = lan_address()
    if address is None:
        pytest.skip("no network address besides loopback")
    settings = Settings(
        redis_url=redis_url, port=0, data_dir=tmp_path, host=address, metrics_token="sesame"
    )
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    site = web.TCPSite(runner, address, 0)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        pytest.skip(f"cannot listen on {address}: {error}")
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield address, f"ws://{address}:{port}/ws"
    await runner.cleanup()


# ---------------------------------------------------------------- headers

EVERY_KIND_OF_RESPONSE = [
    ("GET", "/", {}, 200),
    ("HEAD", "/", {}, 200),
    ("GET", "/static/app.js", {}, 200),
    ("GET", "/static/style.css", {}, 200),
    ("GET", "/static/missing.js", {}, 404),
    ("GET", "/nowhere", {}, 404),
    ("POST", "/api/scenarios", {}, 405),
    ("GET", "/healthz", {}, 200),
    ("GET", "/metrics", {}, 200),
    ("GET", "/metrics", {"X-Forwarded-For": "203.0.113.9"}, 403),
    ("GET", "/api/scenarios", {}, 200),
    ("GET", "/api/rules/intro", {}, 200),
    ("GET", "/api/rules/nope", {}, 404),
    ("GET", "/api/rooms/ZZZZZZ", {}, 404),
    ("GET", "/ws", {}, 400),
    ("GET", "/ws", {"Origin": "http://evil.example"}, 403),
]


async def test_every_response_carries_the_security_headers(server_url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for method, path, headers, status in EVERY_KIND_OF_RESPONSE:
            async with session.request(method, http(server_url) + path, headers=headers) as reply:
                assert reply.status == status, (method, path, reply.status)
                for name, value in HEADERS.items():
                    assert reply.headers.get(name) == value, (method, path, name)
                policy = reply.headers.get("Content-Security-Policy", "")
                assert "frame-ancestors 'none'" in policy, (method, path)
                assert "script-src 'self';" in policy, (method, path)
                assert "default-src 'none'" in policy, (method, path)
    assert HEADERS["X-Frame-Options"] == "DENY"
    assert HEADERS["X-Content-Type-Options"] == "nosniff"
    assert HEADERS["Referrer-Policy"] == "no-referrer"


async def test_the_policy_lets_the_page_reach_its_own_websocket_and_no_other(
    server_url: str,
) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(http(server_url) + "/", headers={"Host": "localhost:8080"}) as reply,
    ):
        policy = reply.headers["Content-Security-Policy"]
    assert "connect-src 'self' ws://localhost:8080 wss://localhost:8080;" in policy
    assert " ws: " not in policy and " wss: " not in policy and "*" not in policy
    # A Host that could smuggle a directive into the header is left out of it.
    assert "connect-src 'self';" in content_security_policy("evil.example; script-src *")
    assert "connect-src 'self';" in content_security_policy(None)
    # an IPv6 literal is no CSP source (browsers ignore it, and say so in the console)
    assert "connect-src 'self';" in content_security_policy("[::1]:8080")


# ---------------------------------------------------------------- /metrics


async def get_status(url: str, headers: dict[str, str] | None = None) -> int:
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as reply:
        return reply.status


async def test_metrics_are_served_on_this_machine_but_not_through_a_proxy(
    server_url: str,
) -> None:
    metrics = http(server_url) + "/metrics"
    assert await get_status(metrics) == 200
    # A proxy on this machine makes every client a loopback peer, but says whom it forwards for.
    for header in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):
        assert await get_status(metrics, {header: "203.0.113.9"}) == 403, header


async def test_metrics_through_a_proxy_need_the_bearer_token(servers: Start) -> None:
    metrics = http(await servers(metrics_token="sesame")) + "/metrics"
    proxied = {"X-Forwarded-For": "203.0.113.9"}
    assert await get_status(metrics, proxied | {"Authorization": "Bearer sesame"}) == 200
    assert await get_status(metrics, proxied | {"Authorization": "bearer sesame"}) == 200
    for wrong in ("Bearer sesam", "Bearer sesame2", "Basic c2VzYW1l", "sesame", "Bearer "):
        assert await get_status(metrics, proxied | {"Authorization": wrong}) == 403, wrong
    assert await get_status(metrics, proxied) == 403


async def test_an_empty_metrics_token_opens_nothing(servers: Start) -> None:
    metrics = http(await servers(metrics_token="")) + "/metrics"
    proxied = {"X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer "}
    assert await get_status(metrics, proxied) == 403


async def test_metrics_from_another_machine_need_the_bearer_token(
    lan_server: tuple[str, str],
) -> None:
    _, url = lan_server
    metrics = http(url) + "/metrics"
    assert await get_status(metrics) == 403
    assert await get_status(metrics, {"Authorization": "Bearer wrong"}) == 403
    assert await get_status(metrics, {"Authorization": "Bearer sesame"}) == 200


# ---------------------------------------------------------------- websocket origins


async def test_a_page_on_a_name_pointed_at_the_server_cannot_open_a_socket(
    server_url: str,
) -> None:
    """DNS rebinding: an attacker's page at http://evil.example:PORT whose name now resolves to
    this server sends Host and Origin that match each other, and names nothing we serve."""
    port = port_of(server_url)
    for host, origin in [
        (f"evil.example:{port}", f"http://evil.example:{port}"),
        ("evil.example", "http://evil.example"),
        ("evil.example", "https://evil.example"),
        (f"evil.localhost:{port}", f"http://evil.localhost:{port}"),
    ]:
        assert await handshake_status(server_url, host, origin) == 403, (host, origin)


async def test_a_page_opened_as_localhost_or_an_ip_address_opens_a_socket(
    server_url: str,
) -> None:
    """`brink serve` opened at http://localhost:8080/, and on a classroom network with
    `--host 0.0.0.0` at http://192.168.1.20:8080/: the page's origin is the Host it asked."""
    port = port_of(server_url)
    for host, origin in [
        (f"localhost:{port}", f"http://localhost:{port}"),
        (f"127.0.0.1:{port}", f"http://127.0.0.1:{port}"),
        (f"[::1]:{port}", f"http://[::1]:{port}"),
        ("192.168.1.20:8080", "http://192.168.1.20:8080"),
        ("192.168.1.20:8080", "https://192.168.1.20:8080"),
        (f"LocalHost:{port}", f"http://localhost:{port}"),
        (f"localhost:{port}", None),
    ]:
        assert await handshake_status(server_url, host, origin) == 101, (host, origin)
    for host, origin in [
        (f"127.0.0.1:{port}", f"http://localhost:{port}"),
        (f"localhost:{port}", "http://localhost:1"),
        ("192.168.1.20:8080", "http://192.168.1.21:8080"),
        (f"localhost:{port}", "null"),
        (f"localhost:{port}", f"ftp://localhost:{port}"),
        (f"localhost:{port}", f"http://localhost:{port}x"),
    ]:
        assert await handshake_status(server_url, host, origin) == 403, (host, origin)


async def test_a_browser_on_the_classroom_network_opens_a_socket(
    lan_server: tuple[str, str],
) -> None:
    address, url = lan_server
    own = "http://" + url.removeprefix("ws://").split("/", 1)[0]
    async with websockets.connect(url, origin=Origin(own)) as opened:
        await opened.send(json.dumps(HELLO))
        assert json.loads(await opened.recv())["type"] == "welcome"
    with pytest.raises(InvalidStatus) as refused:
        await websockets.connect(url, origin=Origin(f"http://evil.example:{port_of(url)}"))
    assert refused.value.response.status_code == 403
    assert address in own


async def test_a_name_the_server_is_served_as_may_open_sockets(servers: Start) -> None:
    url = await servers(allowed_origins=["https://class.example.org/"], host="brink.lan")
    for host, origin in [
        ("class.example.org", "https://class.example.org"),  # configured
        ("class.example.org", "HTTPS://Class.Example.Org"),
        ("whatever", "https://class.example.org"),  # configured: the Host does not matter
        ("class.example.org:8080", "http://class.example.org:8080"),  # a configured name
        ("brink.lan:8080", "http://brink.lan:8080"),  # the name it listens on
    ]:
        assert await handshake_status(url, host, origin) == 101, (host, origin)
    for host, origin in [
        ("evil.example", "http://evil.example"),
        ("class.example.org", "http://evil.example"),
        ("evil.example", "http://class.example.org"),
    ]:
        assert await handshake_status(url, host, origin) == 403, (host, origin)
