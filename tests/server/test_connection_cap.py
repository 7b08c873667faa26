"""One client address cannot hold a server's file descriptors (docs/security.md): past
`http_connections_per_address` open connections on a process (idle ones, ones that never send a
request, websockets), the next is answered 429 `too_many_connections` at once and closed; and a
connection that sends its headers a byte at a time is closed at the keep-alive timeout from
when it opened, however it trickles. A real `brink serve` (one process, and two workers whose
connections are first read by steer.py), real sockets."""

from __future__ import annotations

import asyncio
import socket
import time

import aiohttp
import pytest
from workerkit import Serve

CAP = 5


def _refused(sock: socket.socket) -> bool:
    """Whether the server answered `sock` 429 and closed it (else it holds it, silent)."""
    sock.settimeout(0.3)
    try:
        answer = sock.recv(4096)
    except TimeoutError:
        return False
    assert answer.startswith(b"HTTP/1.1 429 ") and b"too_many_connections" in answer, answer
    return True


async def _given_back(http: aiohttp.ClientSession, base: str) -> None:
    """Return once `3 * CAP` requests in a row are answered, the server having seen the held
    sockets close (a fixed 0.3 s wait was too short on a loaded machine, and under two workers
    one process may see them close before the other); fail if that never comes."""
    async with asyncio.timeout(10):
        answered = 0
        while answered < 3 * CAP:
            async with http.get(f"{base}/healthz", headers={"Connection": "close"}) as answer:
                assert answer.status in (200, 429), answer.status
                answered = answered + 1 if answer.status == 200 else 0
            if not answered:
                await asyncio.sleep(0.05)


@pytest.mark.parametrize("workers", [1, 2])
async def test_one_address_cannot_hold_more_connections_than_the_cap(
    serve: Serve, redis_url: str, workers: int
) -> None:
    served = await serve(redis_url, workers, BRINK_HTTP_CONNECTIONS_PER_ADDRESS=str(CAP))
    idle = [socket.create_connection(("127.0.0.1", served.port)) for _ in range(4 * CAP)]
    await asyncio.sleep(0.3)
    kept = [sock for sock in idle if not _refused(sock)]
    assert CAP <= len(kept) <= CAP * workers, "at most the cap on each process, idle or not"
    base = f"http://127.0.0.1:{served.port}"
    if workers == 1:
        async with aiohttp.ClientSession() as http, http.get(f"{base}/healthz") as answer:
            assert answer.status == 429
            assert (await answer.json())["error"] == "too_many_connections"
    for sock in idle:
        sock.close()
    async with aiohttp.ClientSession() as http:  # its connections were given back
        await _given_back(http, base)


async def test_headers_sent_a_byte_at_a_time_are_cut_off_at_the_keepalive_timeout(
    serve: Serve, redis_url: str
) -> None:
    served = await serve(redis_url, 1, BRINK_KEEPALIVE_TIMEOUT="1")
    sock = socket.create_connection(("127.0.0.1", served.port))
    sock.settimeout(0.2)
    started, closed = time.monotonic(), False
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    while time.monotonic() - started < 6 and not closed:
        try:
            sock.sendall(b"X")  # a header that never ends
            closed = sock.recv(4096) == b""
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            closed = True
    assert closed, "the server held a connection that never finished its headers"
    assert time.monotonic() - started < 3
    sock.close()


async def test_our_proxy_is_not_capped(serve: Serve, redis_url: str) -> None:
    """A proxy in `trusted_proxies` carries every client's connections: not counted."""
    served = await serve(
        redis_url,
        1,
        BRINK_HTTP_CONNECTIONS_PER_ADDRESS=str(CAP),
        BRINK_TRUSTED_PROXIES='["127.0.0.1"]',
    )
    idle = [socket.create_connection(("127.0.0.1", served.port)) for _ in range(4 * CAP)]
    await asyncio.sleep(0.3)
    assert not any(_refused(sock) for sock in idle)
    for sock in idle:
        sock.close()
