"""Security at the edge, against real servers on the real Redis (docs/security.md): headers on
every response, and who may read /metrics.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from serverkit import Start

from server.settings import Settings
from server.web.app import create_app
from server.web.security import HEADERS, content_security_policy


def http(url: str) -> str:
    return url.replace("ws://", "http://").removesuffix("/ws")


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
    assert "ws://[::1]:8080" in content_security_policy("[::1]:8080")


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
