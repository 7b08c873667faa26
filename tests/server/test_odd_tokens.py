"""Tokens and keys that no seat or room ever holds — bytes that are not UTF-8 in a header, a
lone surrogate escaped in JSON — are simply tokens that open nothing: no request fails with an
internal error, and the connection goes on."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit

import aiohttp

from client.rules import http_base


async def _raw_get(base: str, path: str, header: bytes) -> bytes:
    """GET `path` with one header written as raw bytes (a client that sends Latin-1)."""
    where = urlsplit(base)
    reader, writer = await asyncio.open_connection(where.hostname, where.port)
    writer.write(
        b"GET "
        + path.encode()
        + b" HTTP/1.1\r\nHost: "
        + where.netloc.encode()
        + b"\r\n"
        + header
        + b"\r\nConnection: close\r\n\r\n"
    )
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer


async def test_a_token_header_that_is_not_utf8_opens_nothing(server_url: str) -> None:
    base = http_base(server_url)
    async with aiohttp.ClientSession() as http, http.get(f"{base}/api/games") as plain:
        everyone = (await plain.json())["games"]  # what anybody sees (the 2025 line)
    for header in (
        b"X-Brink-Tokens: \xe9",
        b"Authorization: Bearer k\xff\xfe",
        b"X-Brink-Tokens: a,\xe9,b",
    ):
        answer = await _raw_get(base, "/api/games", header)
        status = answer.split(b"\r\n", 1)[0]
        assert b" 200 " in status, (header, answer[:300])
        assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["games"] == everyone, header


async def test_a_resume_token_with_a_lone_surrogate_is_refused_and_the_socket_goes_on(
    server_url: str,
) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(server_url) as ws:
        await ws.send_str('{"type":"hello","protocol_version":2}')
        await ws.receive_json(timeout=10)
        await ws.send_str('{"type":"resume","id":"r1","code":"ABCDEF","token":"x\\udce9"}')
        reply = await ws.receive_json(timeout=10)
        assert reply["type"] == "error" and reply["id"] == "r1", reply
        await ws.send_str('{"type":"resync","id":"r2"}')  # the socket still answers
        again = await ws.receive_json(timeout=10)
        assert again["type"] == "error" and again["id"] == "r2" and again["code"] == "no_room"
