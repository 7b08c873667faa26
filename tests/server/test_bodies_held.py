"""Request bodies a stranger can make the server hold in memory (docs/security.md): a body sent
in chunks to a route that takes 1 MiB is refused (413) as its 1 MiB is passed, not read on to
16 MiB first; and one client address reads at most `IMPORTS_AT_ONCE` imports at a time (16 MiB
each), the next refused 429 `too_many_imports` — 500 connections each sending 16 MiB slowly were
8 GB held for one address."""

from __future__ import annotations

import asyncio
import socket
import time

import aiohttp
from recordkit import RULES, bot_game

from client.rules import http_base

IMPORTS_AT_ONCE = 2
"""As server/web/http.py says."""


def _answer(sock: socket.socket, seconds: float) -> bytes:
    """The first bytes of the server's answer within `seconds` (b"" if none)."""
    sock.settimeout(seconds)
    try:
        return sock.recv(4096)
    except TimeoutError:
        return b""


def _port(server_url: str) -> int:
    return int(http_base(server_url).rsplit(":", 1)[1])


async def test_a_body_in_chunks_is_refused_once_past_a_mib(server_url: str) -> None:
    sock = socket.create_connection(("127.0.0.1", _port(server_url)))
    chunk = b"x" * (3 * 1024 * 1024 // 2)
    head = b"POST /api/instructor/signin HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    sock.sendall(head + b"%x\r\n" % len(chunk) + chunk + b"\r\n")  # and no end: it stalls
    started = time.monotonic()
    answer = await asyncio.to_thread(_answer, sock, 10)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:80]
    assert time.monotonic() - started < 5, "it waited for more of the body first"


async def test_one_address_reads_few_imports_at_once(server_url: str) -> None:
    slow = []
    for _ in range(IMPORTS_AT_ONCE + 1):
        sock = socket.create_connection(("127.0.0.1", _port(server_url)))
        sock.sendall(b"POST /api/games/import HTTP/1.1\r\nHost: x\r\nContent-Length: 9000\r\n\r\n{")
        slow.append(sock)
    answers = await asyncio.gather(*(asyncio.to_thread(_answer, s, 1.5) for s in slow))
    assert answers[:IMPORTS_AT_ONCE] == [b""] * IMPORTS_AT_ONCE, "still being read"
    assert answers[-1].startswith(b"HTTP/1.1 429 ") and b"too_many_imports" in answers[-1]
    for sock in slow:
        sock.close()
    record = bot_game(RULES["intro"], 3)[0].encode()
    # the places are given back once the server has seen the sockets close: asked again until
    # then (a fixed 0.3 s wait was too short on a loaded machine); never given back fails
    async with asyncio.timeout(10), aiohttp.ClientSession() as http:
        while True:
            async with http.post(f"{http_base(server_url)}/api/games/import", data=record) as reply:
                status, text = reply.status, await reply.text()
            if status != 429:
                break
            assert "too_many_imports" in text, text
            await asyncio.sleep(0.05)
    assert status == 200, text  # the places were given back
