"""What steering (server/web/steer.py) does with connections that are not a player's: under
`brink serve --workers 2`, bytes that cannot be a request naming a room are answered at once,
as by one server process, and a connection that never sends its request is not held forever."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from workerkit import Serve, Served

from client.connection import BrinkClient
from server.protocol.codes import CODE_ALPHABET, home

TLS_HELLO = bytes.fromhex("16030100c4010000c00303") + bytes(32) + b"\x00\x00\x02\xc0\x2f\x01\x00"


def port_of(served: Served) -> int:
    return int(served.url.split(":")[2].split("/")[0])


async def answer(served: Served, sent: bytes) -> bytes:
    """What the server sends back to `sent` before it closes the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(served))
    try:
        writer.write(sent)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), 30)
    finally:
        writer.close()


@pytest.mark.parametrize(
    "sent",
    [
        TLS_HELLO,  # https:// to the plain port
        bytes(range(256)),  # no line at all
        b"\x00\x01hello",
        b"GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n",  # bare line feeds
        b"GET /ws?room=ABCD HTTP/1.1\nHost: x\n\n",
    ],
    ids=["tls", "binary", "nul", "bare-lf", "bare-lf-room"],
)
async def test_bytes_that_name_no_room_are_answered_at_once(
    serve: Serve, redis_url: str, sent: bytes
) -> None:
    served = await serve(redis_url)
    for _ in range(4):  # on either worker
        assert (await answer(served, sent)).startswith(b"HTTP/1.0 400 Bad Request")


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET /ws?ro", b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"],
    ids=["nothing", "half-a-line", "idle-after-a-request"],
)
async def test_a_connection_idle_past_the_keepalive_timeout_is_closed(
    serve: Serve, redis_url: str, sent: bytes
) -> None:
    """As one server process closes it (aiohttp's keep-alive timeout): a connection whose
    client is gone without a word must not be held for ever."""
    served = await serve(redis_url, BRINK_KEEPALIVE_TIMEOUT="0.5")
    for _ in range(4):  # on either worker
        got = await answer(served, sent)  # all of it: the server closed the connection
        assert got.startswith(b"HTTP/1.1 200") if sent.endswith(b"\r\n\r\n") else got == b""


def homed_on(worker: int) -> str:
    """A room code whose home (of two workers) is `worker` (no such room need exist)."""
    return next(
        code
        for a in CODE_ALPHABET
        for b in CODE_ALPHABET
        if home(code := f"QQQQ{a}{b}", 2) == worker
    )


def masked(text: str) -> bytes:
    """A client's text frame (masked, as a client's must be; under 64 KiB)."""
    data, mask = text.encode(), b"\x01\x02\x03\x04"
    length = bytes([0x80 | len(data)]) if len(data) < 126 else b"\xfe" + len(data).to_bytes(2)
    return b"\x81" + length + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data))


async def test_a_handshake_with_large_headers_and_a_frame_behind_it_is_served_whole(
    serve: Serve, redis_url: str
) -> None:
    """Headers of 21 KB (each under aiohttp's 8 KB) and a hello sent at once behind them, before
    the 101: a connection steered to its room's home must get there with every byte."""
    served = await serve(redis_url)
    padding = "".join(f"X-Pad-{i}: {'p' * 7000}\r\n" for i in range(3))
    hello = masked(json.dumps({"type": "hello", "id": "h", "protocol_version": 2}))
    for attempt in range(12):  # each worker's rooms, arriving on either worker
        code = homed_on(attempt % 2)
        reader, writer = await asyncio.open_connection("127.0.0.1", port_of(served))
        try:
            writer.write(
                f"GET /ws?room={code} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                f"Sec-WebSocket-Version: 13\r\n{padding}\r\n".encode()
                + hello
            )
            await writer.drain()
            got = b""
            while b'"welcome"' not in got:
                more = await asyncio.wait_for(reader.read(65536), 30)
                assert more, got
                got += more
            assert got.startswith(b"HTTP/1.1 101")
        finally:
            writer.close()


async def test_a_burst_of_connections_all_reach_their_rooms_home(
    serve: Serve, redis_url: str
) -> None:
    """Everybody reconnecting at once (a restart, a classroom's network back): more than the
    10 datagrams the kernel queues in a home's inbox are handed over before it reads them;
    each must still get to its room's home, not be served where it arrived."""
    served = await serve(redis_url)
    pids = {worker.pid: worker for worker in served.workers()}
    made_on = {}  # a worker's pid -> the index it makes rooms' homes with
    for _ in range(20):
        maker = BrinkClient(served.url, "Ada")
        await maker.connect()
        code = (await maker.create_room("intro", timers=False)).code
        made_on[served.worker_of(maker)] = home(code, 2)
        await maker.close()
        if len(made_on) == 2:
            break
    assert set(made_on) == set(pids)
    home_of = {index: pid for pid, index in made_on.items()}
    sockets = await asyncio.gather(
        *(websockets.connect(f"{served.url}?room={homed_on(i % 2)}") for i in range(160))
    )
    try:
        held = {
            connection.raddr.port: worker.pid
            for worker in served.workers()
            for connection in worker.net_connections(kind="tcp")
            if connection.raddr
        }
        misplaced = [
            i for i, ws in enumerate(sockets) if held[ws.local_address[1]] != home_of[i % 2]
        ]
        assert misplaced == []
    finally:
        await asyncio.gather(*(ws.close() for ws in sockets))
