"""The HTTP API's refusals are JSON: a path under /api/ that no route has, or a method its
route does not take, is a 404 or 405 with `{"error", "message"}` like every other refusal there
(and a 405 says in `Allow` what the route takes); other paths keep aiohttp's plain answers."""

from __future__ import annotations

import aiohttp
import pytest

from client.rules import http_base


@pytest.mark.parametrize(
    ("method", "path", "status", "error"),
    [
        ("GET", "/api/nowhere", 404, "not_found"),
        ("GET", "/api/rooms/ABCD/../../etc/passwd", 404, "not_found"),
        ("POST", "/api/scenarios", 405, "method_not_allowed"),
        ("DELETE", "/api/rooms/ABCD", 405, "method_not_allowed"),
        ("PUT", "/api/games/import", 405, "method_not_allowed"),
    ],
)
async def test_an_api_path_or_method_with_no_route_is_refused_in_json(
    server_url: str, method: str, path: str, status: int, error: str
) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, http_base(server_url) + path) as reply,
    ):
        assert reply.status == status
        assert reply.content_type == "application/json"
        body = await reply.json()
        if status == 405:
            assert reply.headers["Allow"]
    assert body["error"] == error and body["message"]


@pytest.mark.parametrize("path", ["/api/instructor/signin", "/api/games/import"])
async def test_a_body_over_the_size_limit_is_refused_in_json(server_url: str, path: str) -> None:
    body = b"a" * (16 * 1024 * 1024 + 1)
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            http_base(server_url) + path, data=body, headers={"Content-Type": "application/json"}
        ) as reply,
    ):
        assert reply.status == 413
        assert reply.content_type == "application/json"
        refused = await reply.json()
    # The import takes a record of up to 16 MiB; the other routes a body of up to 1 MiB.
    limit = "16777216" if path == "/api/games/import" else "1048576"
    assert refused["error"] == "too_large" and limit in refused["message"]


async def test_a_path_outside_the_api_is_refused_as_before(server_url: str) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(http_base(server_url) + "/nowhere") as reply,
    ):
        assert reply.status == 404
        assert reply.content_type == "text/plain"
