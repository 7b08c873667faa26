"""Security at the edge, against real servers on the real Redis (docs/security.md): headers on
every response.
"""

from __future__ import annotations

import aiohttp

from server.web.security import HEADERS, content_security_policy


def http(url: str) -> str:
    return url.replace("ws://", "http://").removesuffix("/ws")


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
