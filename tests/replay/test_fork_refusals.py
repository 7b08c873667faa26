"""A fork asked for with a body the server cannot use: a 400 whose body is JSON and says so."""

from __future__ import annotations

import aiohttp
import pytest

from client.rules import http_base


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", "step"),
        (b"[60]", "step"),
        (b'{"step": "60"}', "step"),
        (b'{"step": true}', "step"),
        (b'{"step": 60, "bots": ["hawk"]}', "bots"),
        (b'{"step": 60, "bots": {"beijing": "oracle"}}', "bots"),
        (b'{"step": 60, "bots": {"beijing": ["hawk"]}}', "bots"),  # was a 500: unhashable
        (b'{"step": 60, "bots": {"beijing": {"hawk": 1}}}', "bots"),
    ],
)
async def test_a_fork_with_a_body_it_cannot_use_is_a_json_400(
    server_url: str, body: bytes, field: str
) -> None:
    url = f"{http_base(server_url)}/api/games/H2025/fork"
    headers = {"Content-Type": "application/json"}
    async with aiohttp.ClientSession() as http, http.post(url, data=body, headers=headers) as reply:
        assert reply.status == 400
        assert reply.content_type == "application/json"
        assert await reply.json() == {"error": "bad_query", "field": field}
